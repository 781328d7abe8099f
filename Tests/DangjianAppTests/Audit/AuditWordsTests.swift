import DangjianCore
import Foundation
import Testing
import VaporTesting
@testable import DangjianApp

/// The audit page speaks Chinese: every action the code records has a name, every kind of object too, and objects are
/// named (`党员 余秀梅`), not numbered.
@Suite("The audit trail in Chinese")
struct AuditWordsTests {
    /// The action codes and target types written by `AuditEvent(…)` and `auditDenied(…)` anywhere in the app's sources.
    static func recordedCodes() throws -> (actions: Set<String>, targets: Set<String>) {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../Sources/DangjianApp").standardized
        var actions: Set<String> = [], targets: Set<String> = []
        let files = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL } ?? []
        for file in files where file.pathExtension == "swift" {
            let lines = try String(contentsOf: file, encoding: .utf8).components(separatedBy: "\n")
            for (index, line) in lines.enumerated() where line.contains("AuditEvent(") || line.contains("auditDenied(") {
                let text = line + (index + 1 < lines.count ? lines[index + 1] : "")
                for match in text.matches(of: /"([a-z]+\.[a-z.-]+)"/) { actions.insert(String(match.1)) }
                for match in text.matches(of: /target: "([a-z_-]+)"/) { targets.insert(String(match.1)) }
            }
        }
        return (actions, targets)
    }

    @Test("every action and every kind of object the app records has a Chinese name")
    func everythingNamed() throws {
        let (actions, targets) = try Self.recordedCodes()
        #expect(actions.count > 60 && targets.count > 10, "the sources were read")
        for action in actions.sorted() { #expect(AuditVocabulary.action(action) != action, "no Chinese name for \(action)") }
        for target in targets.sorted() { #expect(AuditVocabulary.target(target) != target, "no Chinese name for \(target)") }
    }

    @Test("the page shows 登录 and the account's name, not auth.login and account 8")
    func pageInChinese() async throws {
        try await withWorld { world in
            _ = try await world.token("branch-secretary")
            let page = try await world.browserLogin("auditor").get("/audit").body.string
            #expect(page.contains(">登录</td>") && !page.contains(">auth.login<"))
            #expect(page.contains("账号 王") || page.contains("（branch-secretary）"), "the account is named")
            #expect(page.contains("<option value=\"member.update\">修改党员档案</option>"), "the filter lists actions by name")
            let filtered = try await world.browserLogin("auditor").get("/audit?action=auth.login").body.string
            #expect(filtered.contains("<option value=\"auth.login\" selected>登录</option>"))
        }
    }
}
