import DangjianCore
import Fluent
import Vapor

/// What the audit page calls an entry's object: `党员 余秀梅` rather than `member 8`. Names are looked up for one page
/// of entries at a time; an object deleted since, or of a kind without a name, keeps its number.
enum AuditNames {
    static func objects(of records: [AuditRecord], on database: any Database) async throws -> [String: String] {
        func ids(_ type: String) -> [Int] { Array(Set(records.filter { $0.targetType == type }.compactMap { Int($0.targetID) })) }
        var names: [String: String] = [:]
        func keep(_ type: String, _ pairs: [(Int?, String)]) {
            for (id, name) in pairs { if let id { names["\(type)#\(id)"] = name } }
        }
        if case let found = ids("member"), !found.isEmpty {
            keep("member", try await MemberModel.query(on: database).filter(\.$id ~~ found).all().map { ($0.id, $0.name) })
        }
        if case let found = ids("organization"), !found.isEmpty {
            keep("organization", try await OrganizationModel.query(on: database).filter(\.$id ~~ found).all().map { ($0.id, $0.name) })
        }
        if case let found = ids("account"), !found.isEmpty {
            keep("account", try await AccountModel.query(on: database).filter(\.$id ~~ found).all().map { ($0.id, "\($0.displayName)（\($0.username)）") })
        }
        if case let found = ids("activity"), !found.isEmpty {
            keep("activity", try await ActivityModel.query(on: database).filter(\.$id ~~ found).all().map { ($0.id, "\($0.kind.chinese)“\($0.topic)”") })
        }
        if case let found = ids("development"), !found.isEmpty {
            keep("development", try await DevelopmentCaseModel.query(on: database).filter(\.$id ~~ found).all().map { ($0.id, $0.name) })
        }
        return names
    }

    /// `党员 余秀梅`, `账号 #8`, or the kind alone when the entry names no object.
    static func object(_ record: AuditRecord, names: [String: String]) -> String {
        let kind = AuditVocabulary.target(record.targetType)
        if let name = names["\(record.targetType)#\(record.targetID)"] { return "\(kind) \(name)" }
        return record.targetID.isEmpty ? kind : "\(kind) #\(record.targetID)"
    }
}
