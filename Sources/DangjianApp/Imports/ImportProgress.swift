import Foundation
import NIOConcurrencyHelpers
import Vapor

/// How far a running import has got, kept in memory: a long import holds its database transaction open, so its
/// progress cannot be read from the database.
struct ImportProgress: Content {
    let phase: String
    let rowsDone: Int
    let rowsTotal: Int?
    let rowsPerSecond: Int
    let secondsLeft: Int?
}

final class ImportProgressRegistry: Sendable {
    private struct Entry {
        var phase: String
        var rowsDone: Int
        var rowsTotal: Int?
        var startedAt: Date
    }

    private let entries = NIOLockedValueBox<[String: Entry]>([:])

    func start(_ id: String, phase: String, total: Int?) {
        entries.withLockedValue { $0[id] = Entry(phase: phase, rowsDone: 0, rowsTotal: total, startedAt: Date()) }
    }

    func advance(_ id: String, to rows: Int) {
        entries.withLockedValue { $0[id]?.rowsDone = rows }
    }

    func finish(_ id: String) {
        _ = entries.withLockedValue { $0.removeValue(forKey: id) }
    }

    func isRunning(_ id: String) -> Bool { entries.withLockedValue { $0[id] != nil } }

    func snapshot(_ id: String) -> ImportProgress? {
        entries.withLockedValue { entries in
            guard let entry = entries[id] else { return nil }
            let elapsed = max(Date().timeIntervalSince(entry.startedAt), 0.001)
            let rate = Double(entry.rowsDone) / elapsed
            let left = entry.rowsTotal.flatMap { total in rate > 0 ? Int(Double(max(total - entry.rowsDone, 0)) / rate) : nil }
            return ImportProgress(phase: entry.phase, rowsDone: entry.rowsDone, rowsTotal: entry.rowsTotal,
                                  rowsPerSecond: Int(rate), secondsLeft: left)
        }
    }
}
