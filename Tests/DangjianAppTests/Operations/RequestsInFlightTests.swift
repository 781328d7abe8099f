import Foundation
import NIOConcurrencyHelpers
import Testing
import VaporTesting
@testable import DangjianApp

/// A stopping server waits for the requests it is still answering before the databases close.
@Suite("Requests in flight")
struct RequestsInFlightTests {
    @Test("drained waits for the last request to leave, and gives up after its timeout")
    func waits() async throws {
        let requests = RequestsInFlight()
        #expect(await requests.drained(within: .milliseconds(10)))
        requests.enter()
        requests.enter()
        let done = NIOLockedValueBox(false)
        let waiter = Task {
            let drained = await requests.drained(within: .seconds(10))
            done.withLockedValue { $0 = true }
            return drained
        }
        try await Task.sleep(for: .milliseconds(100))
        requests.leave()
        try await Task.sleep(for: .milliseconds(100))
        #expect(!done.withLockedValue { $0 }, "one request is still running")
        requests.leave()
        #expect(await waiter.value)
        requests.enter()
        #expect(!(await requests.drained(within: .milliseconds(50))))
        #expect(requests.count == 1)
    }

    @Test("every request is counted in and out, errors too")
    func counted() async throws {
        try await withWorld { world in
            world.app.get("probe") { request in "\(request.application.requestsInFlight.count)" }.requires(.public)
            #expect(try await world.send(.GET, "/probe").body.string == "1", "the request itself is counted while it runs")
            _ = try await world.send(.GET, "/health")
            _ = try await world.send(.GET, "/api/v1/members")
            _ = try await world.send(.GET, "/no-such-page")
            #expect(world.app.requestsInFlight.count == 0)
            #expect(await world.app.requestsInFlight.drained(within: .milliseconds(10)))
        }
    }
}
