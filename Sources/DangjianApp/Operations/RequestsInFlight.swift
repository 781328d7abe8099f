import NIOConcurrencyHelpers
import Vapor

/// The requests this process is still answering. A stopped server closes its connections first; a request whose
/// client had already gone keeps running in its handler, and closing the databases under it crashed the process on
/// `request.db` (`dangjian serve` stopped right after a load test ended). Stopping waits for them.
public final class RequestsInFlight: Sendable {
    private let state = NIOLockedValueBox((count: 0, waiters: [CheckedContinuation<Void, Never>]()))

    public init() {}

    public var count: Int { state.withLockedValue { $0.count } }

    func enter() { state.withLockedValue { $0.count += 1 } }

    func leave() {
        let waiters = state.withLockedValue { value -> [CheckedContinuation<Void, Never>] in
            value.count -= 1
            guard value.count == 0 else { return [] }
            defer { value.waiters = [] }
            return value.waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Returns when no request is running, or after `timeout`, whichever comes first; true when none is running.
    @discardableResult
    public func drained(within timeout: Duration) async -> Bool {
        await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                await withCheckedContinuation { continuation in
                    let resumeNow = self.state.withLockedValue { value -> Bool in
                        if value.count == 0 { return true }
                        value.waiters.append(continuation)
                        return false
                    }
                    if resumeNow { continuation.resume() }
                }
                return true
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            if !first { self.releaseWaiters() }
            return first
        }
    }

    /// After a timeout: the waiting continuation is resumed so that the group can finish.
    private func releaseWaiters() {
        let waiters = state.withLockedValue { value -> [CheckedContinuation<Void, Never>] in
            defer { value.waiters = [] }
            return value.waiters
        }
        for waiter in waiters { waiter.resume() }
    }
}

/// Counts every request in and out (the first middleware, so that it holds for the whole of a request).
struct RequestsInFlightMiddleware: AsyncMiddleware {
    let requests: RequestsInFlight

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        requests.enter()
        defer { requests.leave() }
        return try await next.respond(to: request)
    }
}

extension Application {
    /// The requests this process is answering (`RequestsInFlight`).
    public var requestsInFlight: RequestsInFlight { dangjian.requestsInFlight }
}
