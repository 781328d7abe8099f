import DangjianCore
import Fluent
import SQLKit
import Vapor

struct ApplicationInput: Content {
    var organizationID: LenientID?
    var name: String?
    var idNumber: String?
    var phone: String?
    var appliedOn: String?
    /// Why an application received more than 30 days ago is registered only now (`LateRecordRule`).
    var lateReason: String?
}

struct StepInput: Content {
    var step: LenientID?
    var date: String?
    /// Members of the register named by the step (培养联系人, 入党介绍人).
    var people: [LenientID]?
    var conclusion: String?
    var passed: String?
    var trainingDays: String?
    var trainingHours: String?
    var specialCase: String?
    var vote: VoteTally?
    var entitled: String?
    var excluded: String?
    var present: String?
    var yes: String?
    var no: String?
    var abstain: String?
    var writtenYes: String?
    var writtenNo: String?
    /// The roll of a meeting vote: member id → `present`, `absent`, `written-yes`, `written-no` or `excluded`.
    var attendance: [String: String]?
    var note: String?
    /// Why a step dated more than 30 days ago is recorded only now (`LateRecordRule`); shown on the timeline.
    var lateReason: String?

    /// The tally from JSON (`vote`) or from the form's separate fields.
    var tally: VoteTally? {
        if let vote { return vote }
        guard let entitled = entitled.flatMap({ Int($0) }), let present = present.flatMap({ Int($0) }),
              let yes = yes.flatMap({ Int($0) }) else { return nil }
        func number(_ text: String?) -> Int { text.flatMap { Int($0) } ?? 0 }
        return VoteTally(entitled: entitled, excluded: number(excluded), present: present, yes: yes, no: number(no),
                         abstain: number(abstain), writtenYes: number(writtenYes), writtenNo: number(writtenNo))
    }
}

/// A refusal by a rule of RULES.md §1: 422 with the rule, its source and the earliest allowed date.
struct RuleRefusal: AbortError {
    let refusal: DevelopmentRefusal
    var status: HTTPResponseStatus { .unprocessableEntity }
    var reason: String { refusal.message }
}

/// Registering applications, recording steps, reviews and extensions, and carrying admissions into the register.
enum DevelopmentWork {
    static func find(_ id: Int?, for permission: Permission, on request: Request) async throws -> DevelopmentCaseModel {
        guard let id, let model = try await DevelopmentCaseModel.find(id, on: request.db) else {
            throw Abort(.notFound, reason: "没有找到该发展对象，或其不在您负责的范围内")
        }
        guard try request.policy.allows(permission, at: OrgPath(stored: model.path)) else {
            await request.auditDenied("development.read", target: "development", id: id, detail: "超出管理范围（\(permission.chinese)）")
            throw Abort(.notFound, reason: "没有找到该发展对象，或其不在您负责的范围内")
        }
        return model
    }

    static func register(_ input: ApplicationInput, on request: Request) async throws -> DevelopmentCaseModel {
        var errors: [FieldError] = []
        let name = input.name?.trimmingCharacters(in: .whitespaces) ?? ""
        if let problem = PersonName.problem(name) { errors.append(FieldError(field: "name", message: problem)) }
        var id: ResidentIDNumber?
        do { id = try ResidentIDNumber(input.idNumber ?? "", today: request.today) } catch {
            errors.append(FieldError(field: "idNumber", message: MemberValidator.message(for: error)))
        }
        var phone: PhoneNumber?
        if let text = input.phone?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
            do { phone = try PhoneNumber(text) } catch { errors.append(FieldError(field: "phone", message: MemberValidator.message(for: error))) }
        }
        let applied = CommitteeEditing.date(input.appliedOn, field: "appliedOn", label: "收到入党申请书的日期", today: request.today, errors: &errors)
        var organization: OrganizationModel?
        if let organizationID = input.organizationID?.value {
            organization = try await OrganizationStore.find(organizationID, for: .memberWrite, on: request)
            if let found = organization, !(found.kind == .branch || found.kind == .jointBranch || found.kind == .generalBranch || found.kind.isCommittee) {
                errors.append(FieldError(field: "organizationID", message: "\(found.kind.chinese)不接收入党申请，请选择党支部"))
            }
        } else {
            errors.append(FieldError(field: "organizationID", message: "请选择接收申请的党支部"))
        }
        let cipher = request.services.cipher
        if let id {
            let hash = cipher.lookupHash(id.value)
            if try await MemberModel.query(on: request.db).filter(\.$idHash == hash).count() > 0 {
                errors.append(FieldError(field: "idNumber", message: "该公民身份号码已在党员信息库中登记"))
            } else if try await DevelopmentCaseModel.query(on: request.db).filter(\.$idHash == hash).filter(\.$closed == false).count() > 0 {
                errors.append(FieldError(field: "idNumber", message: "该申请人已有进行中的发展档案"))
            }
        }
        guard errors.isEmpty, let id, let applied, let organization else { throw FormProblems(errors) }
        var development = DevelopmentCase(birthDate: id.birthDate)
        let record = StepRecord(step: .application, date: applied)
        do { try DevelopmentRules(rules: request.services.rules).check(record, for: development, today: request.today) } catch {
            throw RuleRefusal(refusal: error)
        }
        let late: String?
        do { late = try LateRecordRule(rules: request.services.rules).reason(input.lateReason, for: applied, today: request.today) } catch {
            throw FormProblems(field: "lateReason", error.message)
        }
        development.records.append(record)
        let model = DevelopmentCaseModel()
        model.organizationID = organization.id!
        model.path = organization.path
        model.countyID = organization.countyID
        model.name = name
        model.gender = id.gender
        model.birthDate = id.birthDate
        model.idHash = cipher.lookupHash(id.value)
        model.idMask = Masking.residentID(id.value)
        model.phoneMask = phone.map { Masking.phone($0.value) }
        model.stageSince = applied
        model.closed = false
        model.development = development
        let actor = try request.requireActor()
        let phoneNumber = phone
        return try await request.write { database in
            let row = try await RowIDs.one(DevelopmentCaseModel.schema, on: database)
            model.id = row
            model.idCipher = try cipher.seal(id.value, for: .caseIDNumber(row))
            model.phoneCipher = try phoneNumber.map { try cipher.seal($0.value, for: .casePhone(row)) }
            try await model.create(on: database)
            try await DevelopmentEventModel(caseID: model.id!, step: .application, action: "step", onDate: applied,
                                            summary: "收到入党申请书" + (late.map { "；补录（\(request.today) 登记）：\($0)" } ?? ""), rule: nil, accountID: actor.accountID,
                                            actorName: actor.displayName).create(on: database)
            return (model, AuditEvent("development.apply", target: "development", id: model.id, organization: organization.id,
                                      detail: "登记入党申请：\(name)"))
        }
    }

    static func record(_ input: StepInput, for model: DevelopmentCaseModel, on request: Request) async throws {
        var development = model.development
        guard let step = input.step?.value.flatMap(DevelopmentStep.init(rawValue:)) ?? development.nextStep else {
            throw FormProblems(field: "step", "二十五个步骤已全部完成")
        }
        var errors: [FieldError] = []
        let parsed = CommitteeEditing.date(input.date, field: "date", label: "日期", today: request.today, errors: &errors)
        guard errors.isEmpty, let date = parsed else { throw FormProblems(errors) }
        // 预审, 派人谈话, 审批, 转正审批 are the 上级党委's: recorded only with a grant on it, never by the branch.
        if step.isTakenAbove, !(try await OrganizationStore.allowsAbove(OrgPath(stored: model.path), .memberWrite, committee: true, on: request)) {
            await request.auditDenied("development.step", target: "development", id: model.id, detail: "\(step.chinese)须由上级党委登记")
            throw Abort(.forbidden, reason: "“\(step.chinese)”是上级党委的职责，须由上级党委的负责人登记")
        }

        var people: [PersonFact] = []
        let ids = (input.people ?? []).compactMap(\.value)
        if !ids.isEmpty {
            let members = try await MemberModel.query(on: request.db).filter(\.$id ~~ ids).all()
            let policy = try request.policy
            for id in ids {
                guard let member = members.first(where: { $0.id == id }), policy.allows(.memberRead, at: OrgPath(stored: member.path)) else {
                    throw FormProblems(field: "people", "所选党员不在党员信息库中，或不在您负责的范围内")
                }
                people.append(PersonFact(memberID: id, name: member.name,
                                         isFullMember: member.membership == .full && member.status.isInRegister,
                                         underDisciplinaryProbation: member.disciplinaryProbation?.isInForce(on: date) ?? false))
            }
        }
        var tally = input.tally
        var roll: VoteRoll?
        if step == .admissionMeeting || step == .conversionMeeting, let attendance = input.attendance, !attendance.isEmpty {
            let called = try await voteRoll(attendance, branch: model.organizationID, on: date, database: request.db)
            func count(_ text: String?) -> Int { text.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) } ?? 0 }
            do { tally = try called.tally(yes: count(input.yes), no: count(input.no), abstain: count(input.abstain)) } catch {
                throw RuleRefusal(refusal: error)
            }
            roll = called
        }
        let record = StepRecord(step: step, date: date, people: people,
                                conclusion: input.conclusion?.trimmingCharacters(in: .whitespacesAndNewlines),
                                passed: input.passed.map { ["true", "1", "on", "yes"].contains($0.lowercased()) },
                                trainingDays: input.trainingDays.flatMap { Int($0) }, trainingHours: input.trainingHours.flatMap { Int($0) },
                                specialCase: input.specialCase.map { ["true", "1", "on", "yes"].contains($0.lowercased()) } ?? false,
                                vote: tally, roll: roll, note: input.note?.trimmingCharacters(in: .whitespacesAndNewlines))
        let rules = DevelopmentRules(rules: request.services.rules)
        do { try rules.check(record, for: development, today: request.today) } catch { throw RuleRefusal(refusal: error) }
        // A step that passes its rules but is dated long ago is a 补录: its reason goes on the timeline.
        let late: String?
        do { late = try LateRecordRule(rules: request.services.rules).reason(input.lateReason, for: date, today: request.today) } catch {
            throw RuleRefusal(refusal: error)
        }
        development.records.append(record)
        model.development = development
        var summary = step.chinese
        if !people.isEmpty { summary += "：" + people.map(\.name).joined(separator: "、") }
        if let roll = record.roll {
            let absent = roll.entries.filter { $0.attendance != .present }
            summary += "；到会 \(roll.entries.count - absent.count) 人" + (absent.isEmpty ? "" : "，未到会：" + absent.map { "\($0.name)（\($0.attendance.chinese)）" }.joined(separator: "、"))
        }
        if let vote = record.vote, let outcome = try? VoteRules().evaluate(vote), let last = outcome.reasons.last { summary += "；" + last }
        if let note = record.note, !note.isEmpty { summary += "；" + note }
        if let late { summary += "；补录（\(date) 的事项，\(request.today) 登记）：" + late }
        let ruleText = Self.ruleCited(step, rules: request.services.rules)
        let recorded = development
        let eventSummary = summary
        let actor = try request.requireActor()
        let cipher = request.services.cipher
        let probationEnds = rules.probationEnds(development)
        try await request.write { database in
            try await carryIntoRegister(step, model: model, development: recorded, probationEnds: probationEnds, cipher: cipher, on: database)
            try await model.update(on: database)
            try await DevelopmentEventModel(caseID: model.id!, step: step, action: "step", onDate: date, summary: eventSummary, rule: ruleText,
                                            accountID: actor.accountID, actorName: actor.displayName).create(on: database)
            return ((), AuditEvent("development.step", target: "development", id: model.id, organization: model.organizationID,
                                   detail: "\(model.name)：第 \(step.rawValue) 步“\(step.chinese)”，\(date)"))
        }
    }

    /// Members of the branch who may be on a vote's roll: in the register, full or probationary (the latter only to be refused).
    static func voters(branch: Int, on database: any Database) async throws -> [MemberModel] {
        try await MemberModel.query(on: database).filter(\.$organizationID == branch).sort(\.$name).limit(2000).all()
            .filter { $0.status.isInRegister }
    }

    /// The roll from the form or JSON: every full member of the branch with a vote must be on it, and no one else.
    static func voteRoll(_ attendance: [String: String], branch: Int, on date: CalendarDate, database: any Database) async throws -> VoteRoll {
        let members = try await voters(branch: branch, on: database)
        let byID = Dictionary(members.map { ($0.id!, $0) }, uniquingKeysWith: { first, _ in first })
        var entries: [VoteRollEntry] = []
        for (key, value) in attendance.sorted(by: { $0.key < $1.key }) {
            guard let id = Int(key), let member = byID[id] else {
                throw FormProblems(field: "attendance", "表决名单中有不属于本支部在册党员的人员（编号 \(key)）")
            }
            guard let state = VoteAttendance(rawValue: value) else {
                throw FormProblems(field: "attendance", "\(member.name)的出席情况应为 present、absent、written-yes、written-no 或 excluded")
            }
            entries.append(VoteRollEntry(memberID: id, name: member.name, isFullMember: member.membership == .full,
                                         underDisciplinaryProbation: member.disciplinaryProbation?.isInForce(on: date) ?? false, attendance: state))
        }
        let listed = Set(entries.map(\.memberID))
        let missing = members.filter { $0.membership == .full && !(($0.disciplinaryProbation?.isInForce(on: date)) ?? false) && !listed.contains($0.id!) }
        if !missing.isEmpty {
            throw FormProblems(field: "attendance", "以下有表决权的正式党员未登记出席情况：" + missing.prefix(10).map(\.name).joined(separator: "、")
                                + (missing.count > 10 ? " 等 \(missing.count) 人" : ""))
        }
        return VoteRoll(entries)
    }

    /// The rule a step satisfied, for the timeline.
    static func ruleCited(_ step: DevelopmentStep, rules: RuleBook) -> String? {
        switch step {
        case .application: rules[.minimumAdmissionAge].citation
        case .applicationTalk: rules[.applicationTalkMonths].citation
        case .contactsAssigned: rules[.contactsMaximum].citation
        case .candidateDetermination: rules[.activistMinimumYears].citation
        case .sponsorsAssigned: rules[.sponsorsRequired].citation
        case .intensiveTraining: rules[.trainingMinimumDays].citation
        case .admissionMeeting, .conversionMeeting: "依据" + VoteRules().source
        case .admissionApproval, .conversionApproval: rules[.approvalMonths].citation
        default: nil
        }
    }

    /// Enter once, use everywhere: admission approval files the person in the register as a probationary member;
    /// conversion approval makes them a full member from the day probation ended.
    static func carryIntoRegister(_ step: DevelopmentStep, model: DevelopmentCaseModel, development: DevelopmentCase,
                                  probationEnds: CalendarDate?, cipher: PersonalDataCipher, on database: any Database) async throws {
        switch step {
        case .admissionApproval:
            guard model.memberID == nil, let joined = development.date(.admissionMeeting) else { return }
            let member = MemberModel()
            let row = try await RowIDs.one(MemberModel.schema, on: database)
            member.id = row
            member.organizationID = model.organizationID
            member.path = model.path
            member.countyID = model.countyID
            member.name = model.name
            member.gender = model.gender
            member.birthDate = model.birthDate
            // Sealed again for the register's row: a value opens only where it was sealed.
            let number = try cipher.open(model.idCipher, for: .caseIDNumber(model.id!))
            member.idCipher = try cipher.seal(number, for: .memberIDNumber(row))
            member.idHash = model.idHash
            member.idMask = model.idMask
            member.idTail = String(number.suffix(4))
            if let phone = try model.phoneCipher.map({ try cipher.open($0, for: .casePhone(model.id!)) }) {
                member.phoneCipher = try cipher.seal(phone, for: .memberPhone(row))
                member.phoneHash = cipher.lookupHash(phone)
                member.phoneMask = model.phoneMask
                member.phoneTail = String(phone.suffix(4))
            }
            member.membership = .probationary
            member.joinedOn = joined
            member.status = .active
            member.statusSince = joined
            member.completeness = Completeness(member.completenessFacts).score
            try await member.create(on: database)
            try await MemberEditing.adjustCounters(organizationID: member.organizationID, by: (0, 1), sign: 1, on: database)
            try await MemberStatusEventModel(memberID: member.id!, status: .active, membership: .probationary, onDate: joined,
                                             leaveReason: nil, note: "接收为预备党员", accountID: nil).create(on: database)
            model.memberID = member.id
        case .conversionApproval:
            guard let memberID = model.memberID, let member = try await MemberModel.find(memberID, on: database),
                  member.membership == .probationary, let fullOn = probationEnds else { return }
            member.membership = .full
            member.fullOn = fullOn
            member.completeness = Completeness(member.completenessFacts).score
            try await member.update(on: database)
            if member.status.isInRegister {
                try await MemberEditing.adjustCounters(organizationID: member.organizationID, by: (1, -1), sign: 1, on: database)
            }
            try await MemberStatusEventModel(memberID: member.id!, status: member.status, membership: .full, onDate: fullOn,
                                             leaveReason: nil, note: "按期转正", accountID: nil).create(on: database)
        default:
            return
        }
    }

    struct LeavingInput: Content {
        var leavingOn: String?
        var note: String?
    }

    /// 预计离开本单位 (调离、毕业): recorded so that the 3-month rule can be applied; an empty date clears it.
    static func leaving(_ input: LeavingInput, for model: DevelopmentCaseModel, on request: Request) async throws {
        var development = model.development
        let text = input.leavingOn?.trimmingCharacters(in: .whitespaces) ?? ""
        let leavingOn: CalendarDate?
        if text.isEmpty {
            leavingOn = nil
        } else if let date = CalendarDate(parsing: text) {
            leavingOn = date
        } else {
            throw FormProblems(field: "leavingOn", "预计离开日期格式应为 2026-01-31")
        }
        guard !development.closed else { throw FormProblems(field: "leavingOn", "该发展档案已终止") }
        development.leavingOn = leavingOn
        model.development = development
        let note = input.note?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        let summary = (leavingOn.map { "预计 \($0) 离开本单位" } ?? "取消预计离开本单位的记录") + (note.isEmpty ? "" : "：\(note)")
        let actor = try request.requireActor()
        let today = request.today
        let rule = request.services.rules[.leavingUnitMonths].citation
        try await request.write { database in
            try await model.update(on: database)
            try await DevelopmentEventModel(caseID: model.id!, step: nil, action: "leaving", onDate: today, summary: summary, rule: rule,
                                            accountID: actor.accountID, actorName: actor.displayName).create(on: database)
            return ((), AuditEvent("development.leaving", target: "development", id: model.id, organization: model.organizationID,
                                   detail: "\(model.name)：\(summary)"))
        }
    }

    struct AttachmentInput: Content {
        var file: File?
        var caption: String?
    }

    /// A scan or photo of a document of the case (申请书、志愿书、政审材料 …), kept by content and audited.
    static func attach(_ request: Request, to model: DevelopmentCaseModel) async throws -> AttachmentModel {
        try AttachmentStore.refuseOversized(request, maximumBytes: maximumDocumentBytes)
        return try await attach(try request.content.decode(AttachmentInput.self), to: model, on: request)
    }

    static func attach(_ input: AttachmentInput, to model: DevelopmentCaseModel, on request: Request) async throws -> AttachmentModel {
        guard let file = input.file else { throw FormProblems(field: "file", "请选择要上传的文件") }
        let actor = try request.requireActor()
        let attachment = try await request.services.attachments.keep(
            file, caption: input.caption, accepted: FileKind.documents, maximumBytes: maximumDocumentBytes,
            owner: .init(type: "development", id: model.id!, organizationID: model.organizationID, path: model.path, permission: .memberRead),
            accountID: actor.accountID, on: request)
        let today = request.today
        return try await request.write { database in
            try await attachment.create(on: database)
            try await DevelopmentEventModel(caseID: model.id!, step: nil, action: "attachment", onDate: today,
                                            summary: "上传材料：\(attachment.caption ?? attachment.fileName)", rule: nil,
                                            accountID: actor.accountID, actorName: actor.displayName).create(on: database)
            return (attachment, AuditEvent("development.attachment", target: "development", id: model.id, organization: model.organizationID,
                                           detail: "\(model.name)：上传\(attachment.kind.chinese)“\(attachment.fileName)”（\(AttachmentView.readable(attachment.size))）"))
        }
    }

    static let maximumDocumentBytes = 10 * 1_048_576

    struct ReviewInput: Content {
        var date: String?
        var note: String?
    }

    /// 入党积极分子半年考察.
    static func review(_ input: ReviewInput, for model: DevelopmentCaseModel, on request: Request) async throws {
        var development = model.development
        var errors: [FieldError] = []
        guard let date = CommitteeEditing.date(input.date, field: "date", label: "考察日期", today: request.today, errors: &errors) else {
            throw FormProblems(errors)
        }
        guard let activist = development.date(.activistRecommendation), development.date(.candidateDetermination) == nil else {
            throw FormProblems(field: "date", "半年考察只用于入党积极分子阶段")
        }
        guard date >= activist else { throw FormProblems(field: "date", "考察日期不能早于确定为入党积极分子的日期 \(activist)") }
        development.reviews.append(date)
        model.development = development
        let note = input.note?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        let actor = try request.requireActor()
        let rule = request.services.rules[.activistReviewMonths].citation
        try await request.write { database in
            try await model.update(on: database)
            try await DevelopmentEventModel(caseID: model.id!, step: nil, action: "review", onDate: date,
                                            summary: "半年考察" + (note.isEmpty ? "" : "：\(note)"), rule: rule,
                                            accountID: actor.accountID, actorName: actor.displayName).create(on: database)
            return ((), AuditEvent("development.review", target: "development", id: model.id, organization: model.organizationID,
                                   detail: "\(model.name)：半年考察，\(date)"))
        }
    }

    struct StopInput: Content {
        var date: String?
        var reason: String?
    }

    /// 终止 — the applicant withdraws or is no longer developed; for a probationary member, 取消预备党员资格 by the
    /// branch meeting, which also takes them out of the register.
    static func stop(_ input: StopInput, for model: DevelopmentCaseModel, on request: Request) async throws {
        var development = model.development
        var errors: [FieldError] = []
        let date = CommitteeEditing.date(input.date, field: "date", label: "日期", today: request.today, errors: &errors)
        let reason = input.reason?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if reason.count < 2 || reason.count > 200 { errors.append(FieldError(field: "reason", message: "请写明原因（2–200 字）")) }
        guard !development.closed else { throw FormProblems(field: "reason", "该发展档案已终止") }
        guard development.date(.conversionApproval) == nil else { throw FormProblems(field: "reason", "已转正为正式党员，不能终止") }
        guard errors.isEmpty, let date else { throw FormProblems(errors) }
        if let last = development.records.last, date < last.date {
            throw FormProblems(field: "date", "日期不能早于上一步“\(last.step.chinese)”的日期 \(last.date)")
        }
        let cancelsProbation = development.date(.admissionApproval) != nil
        development.closed = true
        model.development = development
        let summary = (cancelsProbation ? "取消预备党员资格：" : "终止培养：") + reason
        let actor = try request.requireActor()
        let memberID = model.memberID
        try await request.write { database in
            if cancelsProbation, let memberID, let member = try await MemberModel.find(memberID, on: database), member.status.isInRegister {
                let counted = member.membership == .full ? (1, 0) : (0, 1)
                member.status = .left
                member.leaveReason = .probationCancelled
                member.statusSince = date
                member.statusNote = reason
                try await member.update(on: database)
                try await MemberEditing.adjustCounters(organizationID: member.organizationID, by: counted, sign: -1, on: database)
                try await MemberStatusEventModel(memberID: memberID, status: .left, membership: member.membership, onDate: date,
                                                 leaveReason: .probationCancelled, note: reason, accountID: actor.accountID).create(on: database)
            }
            try await model.update(on: database)
            try await DevelopmentEventModel(caseID: model.id!, step: nil, action: "stop", onDate: date, summary: summary, rule: nil,
                                            accountID: actor.accountID, actorName: actor.displayName).create(on: database)
            return ((), AuditEvent("development.stop", target: "development", id: model.id, organization: model.organizationID,
                                   detail: "\(model.name)：\(summary)"))
        }
    }

    struct ExtensionInput: Content {
        var months: String?
        var approvalUntil: String?
        var note: String?
    }

    /// 延长预备期 (months) or a longer approval limit (approvalUntil).
    static func extend(_ input: ExtensionInput, for model: DevelopmentCaseModel, on request: Request) async throws {
        var development = model.development
        let rules = DevelopmentRules(rules: request.services.rules)
        let summary: String
        let date = request.today
        if let months = input.months.flatMap({ Int($0) }) {
            do { try rules.checkExtension(months: months, for: development) } catch { throw RuleRefusal(refusal: error) }
            development.probationExtensionMonths = months
            summary = "延长预备期 \(months) 个月，预备期至 \(rules.probationEnds(development).map(\.description) ?? "")"
        } else if let until = input.approvalUntil.flatMap(CalendarDate.init(parsing:)) {
            guard let meeting = development.date(.admissionMeeting), development.date(.admissionApproval) == nil else {
                throw FormProblems(field: "approvalUntil", "只有支部大会通过、尚未审批的才能延长审批期限")
            }
            let maximum = meeting.adding(months: request.services.rules.value(.approvalMaximumMonths))
            guard until <= maximum else {
                throw RuleRefusal(refusal: DevelopmentRefusal("审批期限延长后不能超过支部大会后 \(request.services.rules.value(.approvalMaximumMonths)) 个月（\(maximum)）",
                                                              rule: request.services.rules[.approvalMaximumMonths]))
            }
            development.approvalExtendedTo = until
            summary = "上级党委审批期限延长至 \(until)"
        } else {
            throw FormProblems(field: "months", "请填写延长的月数或新的审批期限")
        }
        model.development = development
        let actor = try request.requireActor()
        try await request.write { database in
            try await model.update(on: database)
            try await DevelopmentEventModel(caseID: model.id!, step: nil, action: "extension", onDate: date, summary: summary,
                                            rule: nil, accountID: actor.accountID, actorName: actor.displayName).create(on: database)
            return ((), AuditEvent("development.extension", target: "development", id: model.id, organization: model.organizationID,
                                   detail: "\(model.name)：\(summary)"))
        }
    }
}
