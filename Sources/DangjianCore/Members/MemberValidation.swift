import Foundation

/// What a secretary types into the member form, or an API client sends: every field as text, so that a form with
/// mistakes comes back with everything the secretary typed.
public struct MemberInput: Sendable, Codable, Equatable {
    public var name: String
    public var gender: String
    public var ethnicity: String
    public var birthDate: String
    public var idNumber: String
    public var education: String
    public var category: String
    public var membership: String
    public var joinedOn: String
    public var fullOn: String
    public var job: String
    public var phone: String
    public var address: String

    public init(name: String = "", gender: String = "", ethnicity: String = "", birthDate: String = "",
                idNumber: String = "", education: String = "", category: String = "", membership: String = "",
                joinedOn: String = "", fullOn: String = "", job: String = "", phone: String = "", address: String = "") {
        self.name = name
        self.gender = gender
        self.ethnicity = ethnicity
        self.birthDate = birthDate
        self.idNumber = idNumber
        self.education = education
        self.category = category
        self.membership = membership
        self.joinedOn = joinedOn
        self.fullOn = fullOn
        self.job = job
        self.phone = phone
        self.address = address
    }

    public init(from decoder: any Decoder) throws {
        // Every field is optional on the wire; a missing one is treated as left blank.
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func text(_ key: CodingKeys) throws -> String { try c.decodeIfPresent(String.self, forKey: key) ?? "" }
        self.init(name: try text(.name), gender: try text(.gender), ethnicity: try text(.ethnicity),
                  birthDate: try text(.birthDate), idNumber: try text(.idNumber), education: try text(.education),
                  category: try text(.category), membership: try text(.membership), joinedOn: try text(.joinedOn),
                  fullOn: try text(.fullOn), job: try text(.job), phone: try text(.phone), address: try text(.address))
    }
}

/// A member's register fields after validation.
public struct MemberProfile: Sendable, Equatable {
    public var name: String
    public var gender: Gender
    public var ethnicity: String?
    public var birthDate: CalendarDate
    /// Nil when an edit kept the stored number.
    public var idNumber: ResidentIDNumber?
    public var education: Education?
    public var category: MemberCategory?
    public var membership: Membership
    public var joinedOn: CalendarDate
    public var fullOn: CalendarDate?
    public var job: String?
    public var phone: PhoneNumber?
    public var address: String?
}

/// One problem with one field, in the words shown beside the field.
public struct FieldError: Sendable, Equatable, Codable {
    public let field: String
    public let message: String

    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }
}

/// Every problem of a submitted form at once, so that the secretary fixes them in one pass.
public struct ValidationFailure: Error, Sendable, Equatable {
    public let errors: [FieldError]

    public init(_ errors: [FieldError]) { self.errors = errors }

    public func message(for field: String) -> String? { errors.first { $0.field == field }?.message }
}

/// The checks of the member register: the national fields, the ID number of RULES.md §9, the admission age of the
/// Party Constitution and the one-year probation.
/// 姓名 — what a person's name may hold. Digits are Arabic or full-width ones only: 陆, 万, 伍 and the other
/// characters Unicode also counts as numerals are common surnames and given names.
public enum PersonName {
    public static func problem(_ name: String) -> String? {
        if name.isEmpty { return "请填写姓名" }
        if name.count > 30 { return "姓名不能超过 30 个字" }
        // By scalar: comparing Characters against a range of full-width digits was a string comparison per
        // character, and showed in the profile of a 1,000,000-row import.
        if name.unicodeScalars.contains(where: { scalar in
            switch scalar.value {
            case 0x30...0x39, 0xFF10...0xFF19: true // ASCII and full-width digits
            case 0x3C, 0x3E, 0x22, 0x26, 0x2F, 0x5C: true // < > " & / \
            default: false
            }
        }) {
            return "姓名不能包含数字或符号"
        }
        return nil
    }
}

public struct MemberValidator: Sendable {
    public let rules: RuleBook
    public let today: CalendarDate

    public init(rules: RuleBook, today: CalendarDate) {
        self.rules = rules
        self.today = today
    }

    /// The birth date and gender behind a stored ID number, used when an edit leaves the number blank.
    public struct StoredIdentity: Sendable {
        public let birthDate: CalendarDate
        public let gender: Gender

        public init(birthDate: CalendarDate, gender: Gender) {
            self.birthDate = birthDate
            self.gender = gender
        }
    }

    public func validate(_ input: MemberInput, stored: StoredIdentity? = nil) throws(ValidationFailure) -> MemberProfile {
        var errors: [FieldError] = []
        func fail(_ field: String, _ message: String) { errors.append(FieldError(field: field, message: message)) }
        func optionalText(_ text: String) -> String? {
            let trimmed = text.trimmed
            return trimmed.isEmpty ? nil : trimmed
        }

        let name = input.name.trimmed
        if let problem = PersonName.problem(name) { fail("name", problem) }

        var identity: StoredIdentity? = stored
        var idNumber: ResidentIDNumber?
        if !input.idNumber.trimmed.isEmpty || stored == nil {
            do {
                let parsed = try ResidentIDNumber(input.idNumber, today: today)
                idNumber = parsed
                identity = StoredIdentity(birthDate: parsed.birthDate, gender: parsed.gender)
            } catch {
                fail("idNumber", Self.message(for: error))
                identity = nil
            }
        }

        var gender = identity?.gender
        if let typed = optionalText(input.gender) {
            if let parsed = Gender(label: typed) {
                if let derived = identity?.gender, derived != parsed {
                    fail("gender", "性别与公民身份号码不符（按号码第17位应为“\(derived.chinese)”）")
                }
                gender = gender ?? parsed
            } else {
                fail("gender", "性别只能是“男”或“女”")
            }
        }

        var birthDate = identity?.birthDate
        if let typed = optionalText(input.birthDate) {
            if let parsed = CalendarDate(parsing: typed) {
                if let derived = identity?.birthDate, derived != parsed {
                    // The stored number's date is named only to whoever typed the number now.
                    fail("birthDate", idNumber == nil ? "出生日期与档案中的公民身份号码不符" : "出生日期与公民身份号码不符（按号码应为 \(derived)）")
                }
                birthDate = birthDate ?? parsed
            } else {
                fail("birthDate", "出生日期格式应为 年-月-日，例如 1980-05-01")
            }
        }

        var ethnicity: String?
        if let typed = optionalText(input.ethnicity) {
            ethnicity = Ethnicity.normalized(typed)
            if ethnicity == nil { fail("ethnicity", "“\(typed)”不是 56 个民族之一") }
        }
        var education: Education?
        if let typed = optionalText(input.education) {
            education = Education(label: typed)
            if education == nil { fail("education", "无法识别学历“\(typed)”") }
        }
        var category: MemberCategory?
        if let typed = optionalText(input.category) {
            category = MemberCategory(label: typed)
            if category == nil { fail("category", "无法识别人员类别“\(typed)”") }
        }

        var membership = Membership.full
        if let typed = optionalText(input.membership) {
            if let parsed = Membership(label: typed) { membership = parsed } else { fail("membership", "党员类型只能是正式党员或预备党员") }
        } else {
            fail("membership", "请选择正式党员或预备党员")
        }

        let minimumAge = rules[.minimumAdmissionAge]
        var joinedOn: CalendarDate?
        if let typed = optionalText(input.joinedOn) {
            if let parsed = CalendarDate(parsing: typed) {
                joinedOn = parsed
                if parsed > today {
                    fail("joinedOn", "入党时间不能晚于今天")
                } else if let birthDate, birthDate.wholeYears(until: parsed) < minimumAge.value {
                    fail("joinedOn", "入党时未满 \(minimumAge.value) 周岁（\(birthDate.adding(years: minimumAge.value)) 方满），\(minimumAge.citation)")
                }
            } else {
                fail("joinedOn", "入党时间格式应为 年-月-日")
            }
        } else {
            fail("joinedOn", "请填写入党时间（支部大会通过接收为预备党员的日期）")
        }

        let probation = rules[.probationYears]
        var fullOn: CalendarDate?
        if let typed = optionalText(input.fullOn) {
            if let parsed = CalendarDate(parsing: typed) {
                fullOn = parsed
                if membership == .probationary {
                    fail("fullOn", "预备党员没有转正时间；如已转正，请将党员类型改为正式党员")
                } else if parsed > today {
                    fail("fullOn", "转正时间不能晚于今天")
                } else if let joinedOn, parsed < joinedOn.adding(years: probation.value) {
                    fail("fullOn", "转正时间早于预备期满（\(joinedOn.adding(years: probation.value))），预备期为 \(probation.value) 年，\(probation.citation)")
                }
            } else {
                fail("fullOn", "转正时间格式应为 年-月-日")
            }
        }

        var phone: PhoneNumber?
        if let typed = optionalText(input.phone) {
            do { phone = try PhoneNumber(typed) } catch { fail("phone", Self.message(for: error)) }
        }

        let job = optionalText(input.job)
        if let job, job.count > 100 { fail("job", "工作单位及职务不能超过 100 个字") }
        let address = optionalText(input.address)
        if let address, address.count > 200 { fail("address", "家庭住址不能超过 200 个字") }

        guard errors.isEmpty, let gender, let birthDate, let joinedOn else {
            if errors.isEmpty { fail("idNumber", "请填写公民身份号码") }
            throw ValidationFailure(errors)
        }
        return MemberProfile(name: name, gender: gender, ethnicity: ethnicity, birthDate: birthDate, idNumber: idNumber,
                             education: education, category: category, membership: membership, joinedOn: joinedOn,
                             fullOn: fullOn, job: job, phone: phone, address: address)
    }

    public static func message(for problem: ResidentIDNumber.Problem) -> String {
        switch problem {
        case .empty: "请填写公民身份号码"
        case .wrongLength(let count): "公民身份号码应为 18 位，现为 \(count) 位"
        case .invalidCharacters: "公民身份号码前 17 位应为数字，最后一位为数字或 X"
        case .unknownProvince(let code): "公民身份号码前两位“\(code)”不是有效的省级行政区划代码"
        case .invalidBirthDate(let text): "公民身份号码中的出生日期“\(text)”不存在"
        case .birthDateInFuture(let date): "公民身份号码中的出生日期 \(date) 晚于今天"
        case .badCheckCharacter(let expected, let found):
            "公民身份号码校验位错误：最后一位应为“\(expected)”，填写的是“\(found)”，请核对是否有数字输错"
        }
    }

    public static func message(for problem: PhoneNumber.Problem) -> String {
        switch problem {
        case .empty: "请填写联系电话"
        case .invalidCharacters: "联系电话只能包含数字、空格和“-”"
        case .invalidMobile: "手机号码应为 11 位，以 13–19 开头"
        case .invalidLandline: "固定电话应包含区号，例如 0371-12345678"
        }
    }
}
