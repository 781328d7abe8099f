import DangjianCore
import Fluent
import SQLKit
import Vapor

/// Runs every write in a transaction. On SQLite, writes from this process are also taken one at a time: SQLite has
/// a single writer, and queueing here avoids busy errors when a transaction that read first tries to write
/// (DESIGN: writes that read first need an exclusive start). On PostgreSQL the database orders writers itself.
public final class DatabaseWriter: Sendable {
    private let serializes: Bool
    private let lock = AsyncLock()
    /// Told how long each write waited for the ones before it (`/metrics`).
    private let waited: @Sendable (Duration) -> Void

    init(serializes: Bool, waited: @escaping @Sendable (Duration) -> Void = { _ in }) {
        self.serializes = serializes
        self.waited = waited
    }

    /// Takes SQLite's write lock before the work reads anything, as `BEGIN IMMEDIATE` would: a transaction that read
    /// first and then found another connection's commit newer than what it read fails at once with "database is
    /// locked", which no waiting cures. The lock above orders this process's writes; this orders them against another
    /// connection's or process's (`dangjian backup` recording its run; `scripts/crash-test` met a 500 this way).
    /// A statement that deletes nothing still starts a write transaction.
    static func immediate<T: Sendable>(_ database: any Database, _ work: @Sendable (any Database) async throws -> T) async throws -> T {
        try await database.sql.raw("DELETE FROM audit_head WHERE 0 = 1").run()
        return try await work(database)
    }

    public func transaction<T: Sendable>(on database: any Database, _ work: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        guard serializes else { return try await database.transaction(work) }
        let start = ContinuousClock.now
        await lock.lock()
        waited(ContinuousClock.now - start)
        do {
            let result = try await database.transaction { try await Self.immediate($0, work) }
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
            let result = try await database.transaction { try await DatabaseWriter.immediate($0, work) }
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

    /// On PostgreSQL, holds one row to the end of the transaction (an activity's last place, a slot's last place): a
    /// second writer waits for the first one's count. SQLite's writes are one at a time already (`DatabaseWriter`).
    func lockRow(_ table: String, id: Int) async throws {
        guard isPostgres else { return }
        try await sql.raw("SELECT id FROM \(ident: table) WHERE id = \(bind: id) FOR UPDATE").run()
    }
}

extension SQLSelectBuilder {
    /// Rows filed inside any of `scopes`: one path range each (`path >= '/1/5/' AND path < '/1/50'`), or-ed together.
    @discardableResult
    func within(_ scopes: [OrgPath], path: any SQLExpression = SQLColumn("path")) -> Self {
        self.where { group in
            for scope in scopes {
                group.orWhere { range in
                    range.where(path, .greaterThanOrEqual, SQLBind(scope.value)).where(path, .lessThan, SQLBind(scope.upperBound))
                }
            }
            return group
        }
    }
}
