import DangjianCore
import Fluent
import Foundation
import SQLKit
import Vapor

/// `dangjian serve --backup-every 24h --backup-keep 7 --backup-dir DIR`: where backups go, how often, and how many are
/// kept. Also read from `DANGJIAN_BACKUP_DIR`, `DANGJIAN_BACKUP_EVERY`, `DANGJIAN_BACKUP_KEEP`; the passphrase from
/// `--backup-passphrase-file` or `DANGJIAN_BACKUP_PASSPHRASE`. A directory without a period: backups only when asked.
public struct BackupSettings: Sendable, Equatable {
    public var directory: URL
    public var every: TimeInterval?
    public var keep: Int
    public var passphrase: String?

    static let options = ["--backup-every", "--backup-keep", "--backup-dir", "--backup-passphrase-file"]

    /// Takes the backup options out of the command line (the serve command would refuse them) and reads the environment.
    public static func take(from arguments: inout [String], environment: [String: String]) throws -> BackupSettings? {
        var values: [String: String] = [:]
        var rest: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if let option = options.first(where: { argument == $0 || argument.hasPrefix($0 + "=") }) {
                if argument.hasPrefix(option + "=") {
                    values[option] = String(argument.dropFirst(option.count + 1))
                } else {
                    guard index + 1 < arguments.count else { throw BackupProblem("\(option) 后面缺少取值") }
                    values[option] = arguments[index + 1]
                    index += 1
                }
            } else {
                rest.append(argument)
            }
            index += 1
        }
        arguments = rest
        func value(_ option: String, _ variable: String) -> String? {
            values[option] ?? environment[variable].flatMap { $0.isEmpty ? nil : $0 }
        }
        let every = try value("--backup-every", "DANGJIAN_BACKUP_EVERY").map(period)
        let keepText = value("--backup-keep", "DANGJIAN_BACKUP_KEEP")
        guard let directory = value("--backup-dir", "DANGJIAN_BACKUP_DIR") else {
            if every != nil || keepText != nil { throw BackupProblem("定时备份需要用 --backup-dir（或 DANGJIAN_BACKUP_DIR）指定备份目录") }
            return nil
        }
        var keep = 7
        if let keepText {
            guard let parsed = Int(keepText), (1...365).contains(parsed) else { throw BackupProblem("--backup-keep 应为 1–365 之间的整数") }
            keep = parsed
        }
        return BackupSettings(directory: URL(fileURLWithPath: directory, isDirectory: true).standardizedFileURL, every: every, keep: keep,
                              passphrase: try BackupPassphrase.read(file: values["--backup-passphrase-file"], environment: environment))
    }

    /// `24h`, `30m`, `7d`: at least ten minutes, at most thirty days.
    static func period(_ text: String) throws -> TimeInterval {
        let units: [Character: TimeInterval] = ["m": 60, "h": 3600, "d": 86400]
        guard let unit = text.last.flatMap({ units[$0] }), let count = Int(text.dropLast()),
              (600...30 * 86400).contains(TimeInterval(count) * unit) else {
            throw BackupProblem("--backup-every 应写成 24h、30m 或 1d 这样的间隔（10 分钟到 30 天）")
        }
        return TimeInterval(count) * unit
    }
}

/// Backups into the configured directory, one subdirectory each (`dangjian-20261130T020000`), the oldest removed
/// beyond `keep`; on a period, while the server runs. A period is counted from the last successful backup recorded in
/// the database, so a server restarted every night still backs up; several processes on one database see each other's.
enum BackupRotation {
    static let prefix = "dangjian-"

    static func name(at date: Date) -> String {
        prefix + date.formatted(Date.ISO8601FormatStyle(timeZone: .chinaStandard).year().month().day().dateSeparator(.omitted)
            .time(includingFractionalSeconds: false).timeSeparator(.omitted))
    }

    /// Makes one backup into a new subdirectory and removes the oldest complete ones beyond `keep`.
    @discardableResult
    static func run(_ settings: BackupSettings, trigger: BackupRunModel.Trigger, actor: AuditOrigin? = nil, app: Application) async throws -> Backup.Result {
        var directory = settings.directory.appendingPathComponent(name(at: app.dangjian.clock.now()), isDirectory: true)
        var suffix = 1
        while FileManager.default.fileExists(atPath: directory.path) {
            suffix += 1
            directory = settings.directory.appendingPathComponent(name(at: app.dangjian.clock.now()) + "-\(suffix)", isDirectory: true)
        }
        let result = try await BackupRuns.make(into: directory, passphrase: settings.passphrase, trigger: trigger, actor: actor, app: app)
        prune(settings)
        return result
    }

    /// The complete backups in the directory, newest first.
    static func kept(in directory: URL) -> [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasPrefix(prefix) }.sorted(by: >).map { directory.appendingPathComponent($0, isDirectory: true) }
            .filter { FileManager.default.fileExists(atPath: $0.appendingPathComponent(BackupEnvelope.fileName).path) }
    }

    static func prune(_ settings: BackupSettings) {
        for old in kept(in: settings.directory).dropFirst(settings.keep) { try? FileManager.default.removeItem(at: old) }
    }
}

/// Runs the periodic backups while `dangjian serve` runs.
final class BackupScheduler: LifecycleHandler, @unchecked Sendable {
    let settings: BackupSettings
    let period: TimeInterval
    private var task: Task<Void, Never>?

    init(settings: BackupSettings, period: TimeInterval) {
        self.settings = settings
        self.period = period
    }

    func didBootAsync(_ app: Application) async throws {
        let settings = settings
        let period = period
        task = Task {
            while !Task.isCancelled {
                do {
                    let wait = try await Self.round(settings: settings, period: period, app: app)
                    if wait > 0 { try await Task.sleep(for: .seconds(min(wait, 3600))) }
                } catch is CancellationError {
                    return
                } catch {
                    // Recorded as a failed run (the page and the to-do show it); tried again in ten minutes.
                    app.logger.error("scheduled backup failed: \(error)")
                    try? await Task.sleep(for: .seconds(600))
                }
            }
        }
    }

    func shutdownAsync(_ app: Application) async {
        task?.cancel()
        task = nil
    }

    /// One look at the schedule: backs up when the period since the last successful backup has passed; answers how
    /// long to wait before the next look. On PostgreSQL the look happens under an advisory lock held on one connection,
    /// so that of several processes given `--backup-every` one backs up and the others, looking after it, find the
    /// backup made.
    static func round(settings: BackupSettings, period: TimeInterval, app: Application) async throws -> TimeInterval {
        guard app.db.isPostgres else { return try await due(settings: settings, period: period, app: app) }
        struct Held: Decodable { let held: Bool }
        return try await app.db.withConnection { connection in
            let lock = connection.sql
            guard try await lock.raw("SELECT pg_try_advisory_lock(\(lockKey)) AS held").first(decoding: Held.self)?.held == true else {
                return 60   // another process is backing up: look again in a minute
            }
            do {
                let wait = try await due(settings: settings, period: period, app: app)
                _ = try await lock.raw("SELECT pg_advisory_unlock(\(lockKey))").run()
                return wait
            } catch {
                _ = try? await lock.raw("SELECT pg_advisory_unlock(\(lockKey))").run()
                throw error
            }
        }
    }

    /// The advisory lock's key: a hash of “dangjian backup” and the schema, so that platforms in other schemas of the
    /// same database (the tests') do not wait for each other.
    static var lockKey: SQLQueryString { "hashtext(\(bind: "dangjian backup ") || current_schema())" }

    private static func due(settings: BackupSettings, period: TimeInterval, app: Application) async throws -> TimeInterval {
        let last = try await BackupRunModel.query(on: app.db).filter(\.$succeeded == true).sort(\.$id, .descending).first()
        let lastAt = last.flatMap { try? Date($0.startedAt, strategy: .iso8601) }
        let wait = lastAt.map { $0.addingTimeInterval(period).timeIntervalSince(app.dangjian.clock.now()) } ?? 0
        guard wait <= 0 else { return wait }
        let result = try await BackupRotation.run(settings, trigger: .schedule, app: app)
        app.logger.notice("scheduled backup: \(result.directory.path), \(result.bytes) bytes, \(String(format: "%.1f", result.seconds)) s")
        return period
    }
}
