package io.typedipc.it;

import io.typedipc.builtin.SharedBarrier;
import io.typedipc.builtin.SharedCondition;
import io.typedipc.builtin.SharedEvent;
import io.typedipc.builtin.SharedLock;
import io.typedipc.builtin.SharedQueue;
import io.typedipc.builtin.SharedSemaphore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

public final class RegistryImpl implements Registry {
  private final Map<String, SharedQueue<Integer>> queues = new LinkedHashMap<>();
  private SharedLock lock;
  private SharedCondition condition;
  private SharedEvent event;
  private SharedSemaphore semaphore;
  private SharedBarrier barrier;

  @Override
  public void keepQueue(String key, SharedQueue<Integer> queue) {
    queues.put(key, queue);
  }

  @Override
  public SharedQueue<Integer> queue(String key) {
    return queues.get(key);
  }

  @Override
  public List<SharedQueue<Integer>> queues() {
    return new ArrayList<>(queues.values());
  }

  @Override
  public int drain(SharedQueue<Integer> queue) {
    int sum = 0;
    for (Integer e = queue.poll(); e != null; e = queue.poll()) {
      sum += e;
    }
    return sum;
  }

  @Override
  public void keepLock(SharedLock lock) {
    this.lock = lock;
  }

  @Override
  public SharedLock lock() {
    return lock;
  }

  @Override
  public boolean tryLockInManager(SharedLock lock) {
    if (!lock.tryLock()) {
      return false;
    }
    lock.unlock();
    return true;
  }

  @Override
  public void keepCondition(SharedCondition condition) {
    this.condition = condition;
  }

  @Override
  public SharedCondition condition() {
    return condition;
  }

  @Override
  public void keepEvent(SharedEvent event) {
    this.event = event;
  }

  @Override
  public SharedEvent event() {
    return event;
  }

  @Override
  public void setInManager(SharedEvent event) {
    event.set();
  }

  @Override
  public void keepSemaphore(SharedSemaphore semaphore) {
    this.semaphore = semaphore;
  }

  @Override
  public SharedSemaphore semaphore() {
    return semaphore;
  }

  @Override
  public void keepBarrier(SharedBarrier barrier) {
    this.barrier = barrier;
  }

  @Override
  public SharedBarrier barrier() {
    return barrier;
  }
}
