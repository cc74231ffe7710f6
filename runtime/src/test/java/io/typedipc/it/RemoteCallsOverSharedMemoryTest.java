package io.typedipc.it;

/** {@link RemoteCallsTest}'s calls, with the client's frames going through shared memory. */
class RemoteCallsOverSharedMemoryTest extends RemoteCallsTest implements OverSharedMemory {}
