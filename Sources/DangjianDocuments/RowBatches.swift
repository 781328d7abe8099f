import Foundation

extension RowSource {
    /// The rows in batches, for async consumers: the synchronous reader runs on a thread of its own and waits while
    /// two batches are unread, so memory stays bounded however large the file.
    public func batches(of size: Int) -> RowBatches {
        RowBatches(source: UncheckedBox<any RowSource>(self), size: size)
    }
}

public struct RowBatches: AsyncSequence, Sendable {
    public typealias Element = [(Int, [String])]

    let source: UncheckedBox<any RowSource>
    let size: Int

    public struct AsyncIterator: AsyncIteratorProtocol {
        var base: AsyncThrowingStream<Element, any Error>.AsyncIterator
        let slots: DispatchSemaphore

        public mutating func next() async throws -> Element? {
            let batch = try await base.next()
            // The batch is taken: the reader may read another.
            if batch != nil { slots.signal() }
            return batch
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        let (stream, continuation) = AsyncThrowingStream<Element, any Error>.makeStream()
        let slots = DispatchSemaphore(value: 2)
        let cancelled = LockedFlag()
        continuation.onTermination = { _ in
            cancelled.set()
            slots.signal()
        }
        let source = self.source
        let size = self.size
        let thread = Thread {
            var batch: Element = []
            batch.reserveCapacity(size)
            do {
                try source.value.forEachRow { row, cells in
                    batch.append((row, cells))
                    if batch.count >= size {
                        slots.wait()
                        if cancelled.isSet { throw CancellationError() }
                        continuation.yield(batch)
                        batch.removeAll(keepingCapacity: true)
                    }
                }
                if !batch.isEmpty {
                    slots.wait()
                    continuation.yield(batch)
                }
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        thread.stackSize = 1 << 22
        thread.start()
        return AsyncIterator(base: stream.makeAsyncIterator(), slots: slots)
    }
}

final class LockedFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    var isSet: Bool { lock.withLock { value } }
    func set() { lock.withLock { value = true } }
}

/// Hands a reader to the thread that runs it; only that thread uses it.
struct UncheckedBox<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
