import Fluent
import Foundation
import Testing
import VaporTesting
@testable import DangjianApp

@Suite("Schema upgrade on start")
struct SchemaUpgradeTests {
    @Test("starting `dangjian` brings an empty or older database up to date before anything is served")
    func migratesOnBoot() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dangjian-boot-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let configuration = AppConfiguration(dataDirectory: directory, database: .sqlite(path: directory.appendingPathComponent("boot.sqlite").path),
                                             dataKey: Data(repeating: 7, count: 32), bcryptCost: 4)
        let app = try await Application.make(.testing)
        do {
            try await configure(app, configuration: configuration)
            app.lifecycle.use(SchemaUpgrade())
            try await app.asyncBoot()
            #expect(try await MemberModel.query(on: app.db).count() == 0, "the register's table exists without a separate migrate")
            #expect(try await DuesPaymentModel.query(on: app.db).count() == 0)
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }
}
