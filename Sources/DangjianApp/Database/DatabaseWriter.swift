import Fluent
import SQLKit
import Vapor

/// Runs every write in a transaction. On SQLite, writes from this process are also taken one at a time: SQLite has
/// a single writer, and queueing here avoids busy errors when a transaction that read first tries to write
/// (DESIGN: writes that read first need an exclusive start). On PostgreSQL the database orders writers itself.
public final class DatabaseWriter: Sendable {
    private let serializes: Bool
    private let lock = AsyncLock()

    init(serializes: Bool) { self.serializes = serializes }

    public func transaction<T: Sendable>(on database: any Database, _ work: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        guard serializes else { return try await database.transaction(work) }
        await lock.lock()
        do {
            let result = try await database.transaction(work)
            await lock.unlock()
            return result
        } catch {
            await lock.unlock()
            throw error
        }
    }
}

extension DatabaseWriter {
    /// Runs `work` only when no other write is in progress; returns nil otherwise.
    public func transactionIfIdle<T: Sendable>(on database: any Database, _ work: @escaping @Sendable (any Database) async throws -> T) async throws -> T? {
        guard serializes else { return try await database.transaction(work) }
        guard await lock.tryLock() else { return nil }
        do {
            let result = try await database.transaction(work)
            await lock.unlock()
            return result
        } catch {
            await lock.unlock()
            throw error
        }
    }
}

/// A FIFO lock for async code.
actor AsyncLock {
    private var locked = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func lock() async {
        if !locked {
            locked = true
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    func tryLock() -> Bool {
        guard !locked else { return false }
        locked = true
        return true
    }

    func unlock() {
        if waiters.isEmpty {
            locked = false
        } else {
            waiters.removeFirst().resume()
        }
    }
}

extension Database {
    /// The SQLKit view of this database, for queries the Fluent builder cannot express.
    var sql: any SQLDatabase { self as! any SQLDatabase }

    var isPostgres: Bool { sql.dialect.name == "postgresql" }
}
