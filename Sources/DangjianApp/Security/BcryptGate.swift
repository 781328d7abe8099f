import Vapor

/// Bounds password hashing. At cost 12 one bcrypt takes a core for about a quarter of a second, so a flood of logins
/// would take every core from every other request: at most `width` run at once, a few dozen more wait their turn,
/// and beyond that the caller is told to come back in a few seconds (429).
actor BcryptGate {
    let width: Int
    let queueLimit: Int
    private var running = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(width: Int, queueLimit: Int = 64) {
        self.width = width
        self.queueLimit = queueLimit
    }

    struct Busy: AbortError {
        var status: HTTPResponseStatus { .tooManyRequests }
        var reason: String { "正在登录的人太多，请几秒钟后再试" }
        var headers: HTTPHeaders { ["Retry-After": "5"] }
    }

    private func acquire() async throws {
        if running < width {
            running += 1
            return
        }
        guard waiting.count < queueLimit else { throw Busy() }
        // `release` hands its slot over: `running` stays as it is.
        await withCheckedContinuation { waiting.append($0) }
    }

    private func release() {
        if waiting.isEmpty { running -= 1 } else { waiting.removeFirst().resume() }
    }

    func gated<T: Sendable>(_ work: @Sendable () async throws -> T) async throws -> T {
        try await acquire()
        do {
            let result = try await work()
            release()
            return result
        } catch {
            release()
            throw error
        }
    }

    nonisolated func verify(_ password: String, against hash: String, on request: Request) async throws -> Bool {
        try await gated { try await request.password.async.verify(password, created: hash) }
    }

    nonisolated func hash(_ password: String, on request: Request) async throws -> String {
        try await gated { try await request.password.async.hash(password) }
    }
}
