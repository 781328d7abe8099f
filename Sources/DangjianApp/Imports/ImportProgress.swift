import Foundation
import NIOConcurrencyHelpers
import Vapor

/// How far a running import has got, kept in memory by the process running it: a long import holds its database
/// transaction open, so its progress cannot be read from its own rows. On PostgreSQL, where other processes may be
/// asked about the job, the process also writes it on the job's row about once a second, outside the import's
/// transaction (`ImportJobs.share`).
struct ImportProgress: Content {
    let phase: String
    let rowsDone: Int
    let rowsTotal: Int?
    let rowsPerSecond: Int
    let secondsLeft: Int?
}

extension ImportProgress {
    init(phase: String, rowsDone: Int, rowsTotal: Int?, since start: Date, now: Date) {
        let rate = Double(rowsDone) / max(now.timeIntervalSince(start), 0.001)
        let left = rowsTotal.flatMap { total in rate > 0 ? Int(Double(max(total - rowsDone, 0)) / rate) : nil }
        self.init(phase: phase, rowsDone: rowsDone, rowsTotal: rowsTotal, rowsPerSecond: Int(rate), secondsLeft: left)
    }

    /// The progress another process shared on the job's row, while the job runs.
    init?(sharedBy job: ImportJobModel, now: Date) {
        guard job.status.isRunning, let rows = job.progressRows, let since = job.progressSince else { return nil }
        self.init(phase: job.status == .checking ? "检查" : "导入", rowsDone: rows, rowsTotal: job.status == .importing ? job.totalRows : nil,
                  since: Date(timeIntervalSince1970: since), now: now)
    }
}

final class ImportProgressRegistry: Sendable {
    private struct Entry {
        var phase: String
        var rowsDone: Int
        var rowsTotal: Int?
        var startedAt: Date
        var sharedAt: Date
    }

    /// How often a running job's progress is written for the other processes.
    static let shareEvery: TimeInterval = 1

    private let entries = NIOLockedValueBox<[String: Entry]>([:])

    func start(_ id: String, phase: String, total: Int?) {
        entries.withLockedValue { $0[id] = Entry(phase: phase, rowsDone: 0, rowsTotal: total, startedAt: Date(), sharedAt: .distantPast) }
    }

    /// Records the rows read so far; answers when the job started if it is time to share the progress again.
    @discardableResult
    func advance(_ id: String, to rows: Int) -> Date? {
        entries.withLockedValue { entries in
            entries[id]?.rowsDone = rows
            guard let entry = entries[id], Date().timeIntervalSince(entry.sharedAt) >= Self.shareEvery else { return nil }
            entries[id]?.sharedAt = Date()
            return entry.startedAt
        }
    }

    func finish(_ id: String) {
        _ = entries.withLockedValue { $0.removeValue(forKey: id) }
    }

    func isRunning(_ id: String) -> Bool { entries.withLockedValue { $0[id] != nil } }

    func snapshot(_ id: String) -> ImportProgress? {
        entries.withLockedValue { entries in
            entries[id].map { ImportProgress(phase: $0.phase, rowsDone: $0.rowsDone, rowsTotal: $0.rowsTotal, since: $0.startedAt, now: Date()) }
        }
    }
}
