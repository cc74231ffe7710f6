package io.typedipc.process;

import java.util.Comparator;
import java.util.Iterator;
import java.util.Optional;
import java.util.Spliterator;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.BinaryOperator;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import java.util.function.ToIntFunction;
import java.util.function.ToLongFunction;
import java.util.stream.Collector;
import java.util.stream.DoubleStream;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import java.util.stream.Stream;

/**
 * A stream of results whose {@link #iterator()} is the results' own iterator: a result's failure
 * is thrown by the {@code next()} that reaches it, and {@code hasNext()} never throws one. A
 * stream's usual iterator reads one element ahead in {@code hasNext()}, so a loop such as
 * {@code while (it.hasNext()) { try { it.next(); } catch (…) {} }} would see the failure outside
 * its {@code try}. Every other operation is the stream's own.
 */
final class ResultStream<T> implements Stream<T> {
  private Stream<T> stream;
  private final Iterator<T> results;

  /** A stream over {@code results}, which {@code stream} streams. */
  ResultStream(Stream<T> stream, Iterator<T> results) {
    this.stream = stream;
    this.results = results;
  }

  /**
   * The results' own iterator; like any terminal operation, it consumes the stream.
   *
   * @throws IllegalStateException if the stream has been operated upon or closed
   */
  @Override
  public Iterator<T> iterator() {
    stream.spliterator(); // consumes the stream: later operations throw, as on any stream
    return results;
  }

  @Override
  public Spliterator<T> spliterator() {
    return stream.spliterator();
  }

  @Override
  public boolean isParallel() {
    return stream.isParallel();
  }

  @Override
  public Stream<T> sequential() {
    stream = stream.sequential();
    return this;
  }

  @Override
  public Stream<T> parallel() {
    stream = stream.parallel();
    return this;
  }

  @Override
  public Stream<T> unordered() {
    stream = stream.unordered();
    return this;
  }

  @Override
  public Stream<T> onClose(Runnable closeHandler) {
    stream = stream.onClose(closeHandler);
    return this;
  }

  @Override
  public void close() {
    stream.close();
  }

  @Override
  public Stream<T> filter(Predicate<? super T> predicate) {
    return stream.filter(predicate);
  }

  @Override
  public <R> Stream<R> map(Function<? super T, ? extends R> mapper) {
    return stream.map(mapper);
  }

  @Override
  public IntStream mapToInt(ToIntFunction<? super T> mapper) {
    return stream.mapToInt(mapper);
  }

  @Override
  public LongStream mapToLong(ToLongFunction<? super T> mapper) {
    return stream.mapToLong(mapper);
  }

  @Override
  public DoubleStream mapToDouble(ToDoubleFunction<? super T> mapper) {
    return stream.mapToDouble(mapper);
  }

  @Override
  public <R> Stream<R> flatMap(Function<? super T, ? extends Stream<? extends R>> mapper) {
    return stream.flatMap(mapper);
  }

  @Override
  public IntStream flatMapToInt(Function<? super T, ? extends IntStream> mapper) {
    return stream.flatMapToInt(mapper);
  }

  @Override
  public LongStream flatMapToLong(Function<? super T, ? extends LongStream> mapper) {
    return stream.flatMapToLong(mapper);
  }

  @Override
  public DoubleStream flatMapToDouble(Function<? super T, ? extends DoubleStream> mapper) {
    return stream.flatMapToDouble(mapper);
  }

  @Override
  public Stream<T> distinct() {
    return stream.distinct();
  }

  @Override
  public Stream<T> sorted() {
    return stream.sorted();
  }

  @Override
  public Stream<T> sorted(Comparator<? super T> comparator) {
    return stream.sorted(comparator);
  }

  @Override
  public Stream<T> peek(Consumer<? super T> action) {
    return stream.peek(action);
  }

  @Override
  public Stream<T> limit(long maxSize) {
    return stream.limit(maxSize);
  }

  @Override
  public Stream<T> skip(long n) {
    return stream.skip(n);
  }

  @Override
  public Stream<T> takeWhile(Predicate<? super T> predicate) {
    return stream.takeWhile(predicate);
  }

  @Override
  public Stream<T> dropWhile(Predicate<? super T> predicate) {
    return stream.dropWhile(predicate);
  }

  @Override
  public void forEach(Consumer<? super T> action) {
    stream.forEach(action);
  }

  @Override
  public void forEachOrdered(Consumer<? super T> action) {
    stream.forEachOrdered(action);
  }

  @Override
  public Object[] toArray() {
    return stream.toArray();
  }

  @Override
  public <A> A[] toArray(IntFunction<A[]> generator) {
    return stream.toArray(generator);
  }

  @Override
  public T reduce(T identity, BinaryOperator<T> accumulator) {
    return stream.reduce(identity, accumulator);
  }

  @Override
  public Optional<T> reduce(BinaryOperator<T> accumulator) {
    return stream.reduce(accumulator);
  }

  @Override
  public <U> U reduce(U identity, BiFunction<U, ? super T, U> accumulator, BinaryOperator<U> combiner) {
    return stream.reduce(identity, accumulator, combiner);
  }

  @Override
  public <R> R collect(Supplier<R> supplier, BiConsumer<R, ? super T> accumulator, BiConsumer<R, R> combiner) {
    return stream.collect(supplier, accumulator, combiner);
  }

  @Override
  public <R, A> R collect(Collector<? super T, A, R> collector) {
    return stream.collect(collector);
  }

  @Override
  public Optional<T> min(Comparator<? super T> comparator) {
    return stream.min(comparator);
  }

  @Override
  public Optional<T> max(Comparator<? super T> comparator) {
    return stream.max(comparator);
  }

  @Override
  public long count() {
    return stream.count();
  }

  @Override
  public boolean anyMatch(Predicate<? super T> predicate) {
    return stream.anyMatch(predicate);
  }

  @Override
  public boolean allMatch(Predicate<? super T> predicate) {
    return stream.allMatch(predicate);
  }

  @Override
  public boolean noneMatch(Predicate<? super T> predicate) {
    return stream.noneMatch(predicate);
  }

  @Override
  public Optional<T> findFirst() {
    return stream.findFirst();
  }

  @Override
  public Optional<T> findAny() {
    return stream.findAny();
  }
}
