import DangjianCore
import Fluent
import SQLKit
import Vapor

struct TransferInput: Content {
    var organizationID: String?
}

struct StatusInput: Content {
    var status: String?
    var onDate: String?
    var leaveReason: String?
    var note: String?
    /// For a 流动党员: the organization where they take part in organizational life (流入地党组织).
    var mobileHostID: LenientID?
}

struct RevealInput: Content {
    var reason: String?
}

struct RevealedNumbers: Content {
    let idNumber: String?
    let phone: String?
}

/// Writing the member register: every write validates with the Core rules, keeps the per-organization counters in
/// the same transaction, and is audited without the numbers themselves.
enum MemberEditing {
    /// The form values of a stored record; the sealed numbers stay blank (blank means "unchanged" on edit).
    static func input(from member: MemberModel) -> MemberInput {
        MemberInput(name: member.name, gender: member.gender.chinese, ethnicity: member.ethnicity ?? "",
                    birthDate: member.birthDate.description, idNumber: "", education: member.education?.chinese ?? "",
                    category: member.category?.chinese ?? "", membership: member.membership.chinese,
                    joinedOn: member.joinedOn.description, fullOn: member.fullOn?.description ?? "", job: member.job ?? "",
                    phone: "", address: member.address ?? "")
    }

    /// Fields a PATCH sends replace the stored ones; fields it leaves out stay.
    /// The fields a PATCH may carry (`MemberPatch`).
    static let patchableFields = ["name", "gender", "ethnicity", "birthDate", "idNumber", "education", "category", "membership",
                                  "joinedOn", "fullOn", "job", "phone", "address"]

    static func merged(_ stored: MemberInput, with patch: [String: String?]) -> MemberInput {
        var input = stored
        for (key, value) in patch {
            let text = value ?? ""
            switch key {
            case "name": input.name = text
            case "gender": input.gender = text
            case "ethnicity": input.ethnicity = text
            case "birthDate": input.birthDate = text
            case "idNumber": input.idNumber = text
            case "education": input.education = text
            case "category": input.category = text
            case "membership": input.membership = text
            case "joinedOn": input.joinedOn = text
            case "fullOn": input.fullOn = text
            case "job": input.job = text
            case "phone": input.phone = text
            case "address": input.address = text
            default: break
            }
        }
        return input
    }

    private static func counterDelta(_ membership: Membership, _ status: MemberStatus) -> (full: Int, probationary: Int) {
        guard status.isInRegister else { return (0, 0) }
        return membership == .full ? (1, 0) : (0, 1)
    }

    static func adjustCounters(organizationID: Int, by delta: (full: Int, probationary: Int), sign: Int, on database: any Database) async throws {
        guard delta.full != 0 || delta.probationary != 0 else { return }
        try await database.sql.raw("""
            UPDATE \(ident: OrganizationModel.schema) SET full_count = full_count + \(bind: sign * delta.full),
            probationary_count = probationary_count + \(bind: sign * delta.probationary) WHERE id = \(bind: organizationID)
            """).run()
        guard let path = try await OrganizationModel.find(organizationID, on: database).flatMap({ OrgPath($0.path) }) else { return }
        try await SubtreeCounters.adjust(path: path, full: sign * delta.full, probationary: sign * delta.probationary, on: database)
    }

    /// Sets the record from a validated profile; the member's id must be set (the sealed numbers name the row).
    static func apply(_ profile: MemberProfile, keepingPhone: Bool, to member: MemberModel, cipher: PersonalDataCipher) throws {
        guard let row = member.id else { throw FluentError.idRequired }
        member.name = profile.name
        member.gender = profile.gender
        member.ethnicity = profile.ethnicity
        member.birthDate = profile.birthDate
        if let id = profile.idNumber {
            member.idCipher = try cipher.seal(id.value, for: .memberIDNumber(row))
            member.idHash = cipher.lookupHash(id.value)
            member.idMask = Masking.residentID(id.value)
            member.idTail = id.tail
        }
        if let phone = profile.phone {
            member.phoneCipher = try cipher.seal(phone.value, for: .memberPhone(row))
            member.phoneHash = cipher.lookupHash(phone.value)
            member.phoneMask = Masking.phone(phone.value)
            member.phoneTail = phone.tail
        } else if !keepingPhone {
            member.phoneCipher = nil
            member.phoneHash = nil
            member.phoneMask = nil
            member.phoneTail = nil
        }
        member.education = profile.education
        member.category = profile.category
        member.membership = profile.membership
        member.joinedOn = profile.joinedOn
        member.fullOn = profile.fullOn
        member.job = profile.job
        member.address = profile.address
        member.completeness = Completeness(member.completenessFacts).score
    }

    private static func checkUnique(_ profile: MemberProfile, excluding id: Int?, cipher: PersonalDataCipher, on database: any Database) async throws {
        guard let number = profile.idNumber else { return }
        var query = MemberModel.query(on: database).filter(\.$idHash == cipher.lookupHash(number.value))
        if let id { query = query.filter(\.$id != id) }
        if try await query.count() > 0 {
            throw FormProblems(field: "idNumber", "该公民身份号码已在党员信息库中登记，请勿重复录入；如需接收转入，请办理组织关系转接")
        }
    }

    static func create(in organization: OrganizationModel, _ input: MemberInput, on request: Request) async throws -> MemberModel {
        let profile = try validator(request).validate(input)
        let cipher = request.services.cipher
        try await checkUnique(profile, excluding: nil, cipher: cipher, on: request.db)
        let member = MemberModel()
        member.organizationID = organization.id!
        member.path = organization.path
        member.countyID = organization.countyID
        member.status = .active
        member.statusSince = profile.joinedOn
        let accountID = request.actor?.accountID
        return try await request.write { database in
            member.id = try await RowIDs.one(MemberModel.schema, on: database)
            try apply(profile, keepingPhone: false, to: member, cipher: cipher)
            try await member.create(on: database)
            try await adjustCounters(organizationID: member.organizationID, by: counterDelta(member.membership, member.status), sign: 1, on: database)
            try await MemberStatusEventModel(memberID: member.id!, status: .active, membership: member.membership,
                                             onDate: member.joinedOn, leaveReason: nil, note: "录入档案", accountID: accountID).create(on: database)
            return (member, AuditEvent("member.create", target: "member", id: member.id, organization: member.organizationID,
                                       detail: "新建党员档案：\(member.name)"))
        }
    }

    static func validator(_ request: Request) -> MemberValidator {
        MemberValidator(rules: request.services.rules, today: request.today)
    }

    /// Saves an edited record. A blank ID number or phone keeps the stored one; `clearPhone` removes the phone.
    /// Without the reveal permission the birth date follows the stored ID number: a date typed without a new number is
    /// not compared with it (each "does not match" would tell the day, a few tries a person).
    static func update(_ member: MemberModel, _ input: MemberInput, clearPhone: Bool, on request: Request) async throws {
        let stored = MemberValidator.StoredIdentity(birthDate: member.birthDate, gender: member.gender)
        var input = input
        if member.idCipher != nil, input.idNumber.trimmed.isEmpty, !(try request.policy.reveals(at: member.orgPath)) { input.birthDate = "" }
        let profile = try validator(request).validate(input, stored: member.idCipher == nil ? nil : stored)
        let cipher = request.services.cipher
        try await checkUnique(profile, excluding: member.id, cipher: cipher, on: request.db)
        let before = Self.input(from: member)
        let beforeCounters = counterDelta(member.membership, member.status)
        let phoneBefore = member.phoneHash
        try apply(profile, keepingPhone: !clearPhone, to: member, cipher: cipher)
        let after = Self.input(from: member)
        var changed = changedFields(before, after)
        if profile.idNumber != nil { changed.append("公民身份号码") }
        if member.phoneHash != phoneBefore { changed.append("联系电话") }
        guard !changed.isEmpty else { return }
        let changes = changed.joined(separator: "、")
        let afterCounters = counterDelta(member.membership, member.status)
        try await request.write { database in
            try await member.update(on: database)
            try await adjustCounters(organizationID: member.organizationID, by: beforeCounters, sign: -1, on: database)
            try await adjustCounters(organizationID: member.organizationID, by: afterCounters, sign: 1, on: database)
            return ((), AuditEvent("member.update", target: "member", id: member.id, organization: member.organizationID,
                                   detail: "修改\(member.name)的档案：\(changes)"))
        }
    }

    static let fieldLabels: [(KeyPath<MemberInput, String>, String)] = [
        (\.name, "姓名"), (\.gender, "性别"), (\.ethnicity, "民族"), (\.birthDate, "出生日期"), (\.education, "学历"),
        (\.category, "人员类别"), (\.membership, "党员类型"), (\.joinedOn, "入党时间"), (\.fullOn, "转正时间"),
        (\.job, "工作单位及职务"), (\.address, "家庭住址"),
    ]

    static func changedFields(_ before: MemberInput, _ after: MemberInput) -> [String] {
        fieldLabels.filter { before[keyPath: $0.0] != after[keyPath: $0.0] }.map(\.1)
    }

    /// 调整所在党组织 — within the caller's scope; a move to another county goes through a transfer letter instead.
    static func transfer(_ member: MemberModel, to organizationID: Int?, on request: Request) async throws {
        guard let organizationID else { throw FormProblems(field: "organizationID", "请选择新的所在党组织") }
        let target = try await OrganizationStore.find(organizationID, for: .memberWrite, on: request)
        guard target.id != member.organizationID else { throw FormProblems(field: "organizationID", "该党员已在\(target.name)") }
        guard target.kind != .temporaryBranch else {
            throw FormProblems(field: "organizationID", "临时党支部不转接组织关系，请选择正式党组织")
        }
        let from = member.organizationID
        let counters = counterDelta(member.membership, member.status)
        member.organizationID = target.id!
        member.path = target.path
        member.countyID = target.countyID
        try await request.write { database in
            try await member.update(on: database)
            try await adjustCounters(organizationID: from, by: counters, sign: -1, on: database)
            try await adjustCounters(organizationID: target.id!, by: counters, sign: 1, on: database)
            return ((), AuditEvent("member.transfer", target: "member", id: member.id, organization: target.id,
                                   detail: "\(member.name) 由组织 #\(from) 调整至 \(target.name)"))
        }
    }

    static func changeStatus(_ member: MemberModel, _ input: StatusInput, on request: Request) async throws {
        var errors: [FieldError] = []
        let status = input.status.flatMap { MemberStatus(rawValue: $0) ?? MemberStatus(label: $0) }
        if status == nil { errors.append(FieldError(field: "status", message: "请选择党籍状态")) }
        let onDate = CommitteeEditing.date(input.onDate, field: "onDate", label: "变动日期", today: request.today, errors: &errors)
        if let onDate, onDate < member.joinedOn { errors.append(FieldError(field: "onDate", message: "变动日期不能早于入党时间 \(member.joinedOn)")) }
        let reason = input.leaveReason.flatMap { $0.isEmpty ? nil : (LeaveReason(rawValue: $0) ?? LeaveReason(label: $0)) }
        if status == .left && reason == nil { errors.append(FieldError(field: "leaveReason", message: "出党须选择原因：退党、除名、开除党籍或取消预备党员资格")) }
        if status == .left, reason == .probationCancelled, member.membership != .probationary {
            errors.append(FieldError(field: "leaveReason", message: "只有预备党员才能取消预备党员资格"))
        }
        let note = input.note?.trimmingCharacters(in: .whitespacesAndNewlines)
        if let note, note.count > 200 { errors.append(FieldError(field: "note", message: "说明不能超过 200 字")) }
        if status == member.status && status != nil { errors.append(FieldError(field: "status", message: "党籍状态没有变化")) }
        var host: OrganizationModel?
        if status == .mobile, let hostID = input.mobileHostID?.value {
            host = try await OrganizationModel.find(hostID, on: request.db)
            if let found = host, !found.kind.isBranchLike || found.id == member.organizationID {
                errors.append(FieldError(field: "mobileHostID", message: "流入地党组织应为本支部以外的党支部"))
            } else if host == nil {
                errors.append(FieldError(field: "mobileHostID", message: "没有找到该流入地党组织"))
            }
        }
        guard errors.isEmpty, let status, let onDate else { throw FormProblems(errors) }
        let before = counterDelta(member.membership, member.status)
        let previous = member.status
        member.status = status
        member.statusSince = onDate
        member.leaveReason = status == .left ? reason : nil
        member.statusNote = note?.isEmpty == true ? nil : note
        member.mobileHostID = status == .mobile ? host?.id : nil
        let hostName = host?.name
        let after = counterDelta(member.membership, member.status)
        let accountID = request.actor?.accountID
        try await request.write { database in
            try await member.update(on: database)
            try await adjustCounters(organizationID: member.organizationID, by: before, sign: -1, on: database)
            try await adjustCounters(organizationID: member.organizationID, by: after, sign: 1, on: database)
            try await MemberStatusEventModel(memberID: member.id!, status: status, membership: member.membership, onDate: onDate,
                                             leaveReason: member.leaveReason, note: member.statusNote, accountID: accountID).create(on: database)
            return ((), AuditEvent("member.status", target: "member", id: member.id, organization: member.organizationID,
                                   detail: "\(member.name)：\(previous.chinese) → \(status.chinese)\(reason.map { "（\($0.chinese)）" } ?? "")\(hostName.map { "，流入 \($0)" } ?? "")，自 \(onDate)"))
        }
    }

    /// Shows the full numbers: its own permission, a stated reason, and an audit entry written before anything is shown.
    static func reveal(_ member: MemberModel, _ input: RevealInput, on request: Request) async throws -> RevealedNumbers {
        let reason = input.reason?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        guard reason.count >= 4 else { throw FormProblems(field: "reason", "请写明查看完整号码的事由（至少 4 个字）") }
        guard reason.count <= 100 else { throw FormProblems(field: "reason", "事由不能超过 100 字") }
        let cipher = request.services.cipher
        guard let row = member.id else { throw FluentError.idRequired }
        let numbers: RevealedNumbers
        do {
            numbers = RevealedNumbers(idNumber: try member.idCipher.map { try cipher.open($0, for: .memberIDNumber(row)) },
                                      phone: try member.phoneCipher.map { try cipher.open($0, for: .memberPhone(row)) })
        } catch {
            // A sealed value that does not open in its own row was put there from elsewhere (or damaged).
            await request.auditDenied("member.reveal", target: "member", id: row, detail: "加密号码与所在记录不符，未显示")
            throw Abort(.internalServerError, reason: "该党员的加密号码与所在记录不符，可能被改动，未予显示；此事已记入审计日志，请联系安全管理员")
        }
        try await request.write { _ in
            ((), AuditEvent("member.reveal", target: "member", id: member.id, organization: member.organizationID,
                            detail: "查看\(member.name)的完整证件号码和电话，事由：\(reason)"))
        }
        return numbers
    }
}
