import DangjianCore
import Foundation
import NIOConcurrencyHelpers
import Vapor

/// The services every handler may use, created once at start and passed through the application.
public struct AppServices: Sendable {
    public let configuration: AppConfiguration
    public let cipher: PersonalDataCipher
    public let writer: DatabaseWriter
    public let clock: AppClock
    public let localizer: Localizer
    /// A hash of a random password, checked when a username does not exist so that a wrong username takes as long
    /// to refuse as a wrong password.
    public let decoyPasswordHash: String
    let imports = ImportProgressRegistry()
    let homeCache = HomeSummaryCache()
    let bcryptGate = BcryptGate(width: max(2, ProcessInfo.processInfo.activeProcessorCount))
    let liveStreams = LiveStreamCount()
    let requestsInFlight = RequestsInFlight()
    let backupGate = BackupGate()
    let metrics: PlatformMetrics
    /// This process, as the database knows it (`ServerProcesses`).
    let processID = UUID().uuidString
    public var rules: RuleBook { configuration.rules }
    var attachments: AttachmentStore { AttachmentStore(dataDirectory: configuration.dataDirectory) }
}

/// The platform's notion of now. Tests move it forward to reach timeouts and deadlines without waiting.
public final class AppClock: Sendable {
    private let offset = NIOLockedValueBox<TimeInterval>(0)
    /// Days added to the calendar only (not to session and audit times): the rehearsal clock of a test server.
    private let calendarDays = NIOLockedValueBox<Int>(0)

    public init() {}

    public func now() -> Date { Date().addingTimeInterval(offset.withLockedValue { $0 }) }

    public func today() -> CalendarDate { CalendarDate(now()).adding(days: calendarDays.withLockedValue { $0 }) }

    public func advance(by interval: TimeInterval) { offset.withLockedValue { $0 += interval } }

    /// Moves the calendar by `days` (or back to the real date when nil) and returns the new today.
    @discardableResult
    public func moveCalendar(by days: Int?) -> CalendarDate {
        calendarDays.withLockedValue { current in current = days.map { current + $0 } ?? 0 }
        return today()
    }
}

extension Application {
    private struct ServicesKey: StorageKey {
        typealias Value = AppServices
    }

    public var dangjian: AppServices {
        get {
            guard let services = storage[ServicesKey.self] else { fatalError("configure(_:) has not run") }
            return services
        }
        set { storage[ServicesKey.self] = newValue }
    }
}

extension Request {
    var services: AppServices { application.dangjian }
    var now: Date { services.clock.now() }
    var today: CalendarDate { services.clock.today() }
    var writer: DatabaseWriter { services.writer }
}
