import DangjianCore
import Fluent
import Foundation

/// One row of the append-only audit log (the database refuses updates and deletes of this table).
final class AuditEntryModel: Model, @unchecked Sendable {
    static let schema = "audit_entries"

    @ID(custom: "sequence", generatedBy: .user) var id: Int?
    @Field(key: "at") var at: String
    @OptionalField(key: "actor_id") var actorID: Int?
    @Field(key: "actor_name") var actorName: String
    @Field(key: "action") var action: String
    @Field(key: "target_type") var targetType: String
    @Field(key: "target_id") var targetID: String
    @OptionalField(key: "organization_id") var organizationID: Int?
    @Field(key: "outcome") var outcome: AuditOutcome
    @Field(key: "request_id") var requestID: String
    @Field(key: "client_address") var clientAddress: String
    @Field(key: "detail") var detail: String
    @Field(key: "previous_hash") var previousHash: String
    @Field(key: "hash") var hash: String

    init() {}

    init(_ record: AuditRecord, previousHash: String, hash: String) {
        self.id = record.sequence
        self.at = record.at
        self.actorID = record.actorID
        self.actorName = record.actorName
        self.action = record.action
        self.targetType = record.targetType
        self.targetID = record.targetID
        self.organizationID = record.organizationID
        self.outcome = record.outcome
        self.requestID = record.requestID
        self.clientAddress = record.clientAddress
        self.detail = record.detail
        self.previousHash = previousHash
        self.hash = hash
    }

    var record: AuditRecord {
        AuditRecord.stored(sequence: id!, at: at, actorID: actorID, actorName: actorName, action: action, targetType: targetType,
                    targetID: targetID, organizationID: organizationID, outcome: outcome, requestID: requestID,
                    clientAddress: clientAddress, detail: detail)
    }
}
