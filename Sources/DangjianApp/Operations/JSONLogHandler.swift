import Foundation
import Logging

/// `DANGJIAN_LOG_FORMAT=json`: one JSON object a line on standard output — time, level, label, message and the
/// metadata (a request's `request-id` among it), for a log collector. Text lines otherwise.
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level
    private let label: String
    private static let output = LockedOutput()

    public init(label: String, level: Logger.Level) {
        self.label = label
        self.logLevel = level
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        guard let data = line(level: event.level, message: event.message, metadata: event.metadata, at: Date()) else { return }
        Self.output.write(data)
    }

    /// One record as a line of JSON, newline included.
    func line(level: Logger.Level, message: Logger.Message, metadata explicit: Logger.Metadata?, at date: Date) -> Data? {
        var fields: [String: String] = [:]
        for (key, value) in metadata.merging(explicit ?? [:], uniquingKeysWith: { $1 }) { fields[key] = "\(value)" }
        var record: [String: any Sendable] = ["time": date.formatted(.iso8601), "level": level.rawValue, "label": label,
                                              "message": message.description]
        if !fields.isEmpty { record["metadata"] = fields }
        guard let data = try? JSONSerialization.data(withJSONObject: record, options: [.sortedKeys, .withoutEscapingSlashes]) else { return nil }
        return data + Data([0x0A])
    }

    /// Reads `DANGJIAN_LOG_FORMAT` and `LOG_LEVEL`; true when JSON logging was set up.
    public static func bootstrapIfAsked(environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        guard environment["DANGJIAN_LOG_FORMAT"] == "json" else { return false }
        let level = environment["LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0.lowercased()) } ?? .info
        LoggingSystem.bootstrap { JSONLogHandler(label: $0, level: level) }
        return true
    }
}

/// Whole lines on standard output, one writer at a time.
final class LockedOutput: @unchecked Sendable {
    private let lock = NSLock()

    func write(_ data: Data) {
        lock.lock()
        defer { lock.unlock() }
        FileHandle.standardOutput.write(data)
    }
}
