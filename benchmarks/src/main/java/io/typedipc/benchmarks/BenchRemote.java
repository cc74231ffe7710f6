package io.typedipc.benchmarks;

import java.rmi.Remote;
import java.rmi.RemoteException;

/** The RMI baseline's remote interface: the same call as {@code BenchService.increment}. */
public interface BenchRemote extends Remote {
  int increment(int delta) throws RemoteException;
}
