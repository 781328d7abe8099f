import Testing
@testable import DangjianCore

@Suite("党员信息校验")
struct MemberValidationTests {
    let validator = MemberValidator(rules: .national, today: CalendarDate(year: 2026, month: 11, day: 25)!)

    var valid: MemberInput {
        MemberInput(name: "张卫东", gender: "", ethnicity: "汉", birthDate: "", idNumber: "41010519900307123X",
                    education: "本科", category: "党政机关工作人员", membership: "full", joinedOn: "2012-06-30",
                    fullOn: "2013-06-30", job: "县财政局科员", phone: "138 1234 5678", address: "青禾县人民路1号")
    }

    @Test("a complete record validates; birth date and gender come from the ID number")
    func validRecord() throws {
        let profile = try validator.validate(valid)
        #expect(profile.birthDate == CalendarDate(year: 1990, month: 3, day: 7))
        #expect(profile.gender == .male)
        #expect(profile.ethnicity == "汉族")
        #expect(profile.education == .bachelor)
        #expect(profile.phone?.value == "13812345678")
    }

    @Test("every problem is reported at once, in Chinese, by field")
    func allProblemsAtOnce() {
        var input = valid
        input.name = ""
        input.idNumber = "410105199003071231"
        input.phone = "12345"
        input.education = "幼儿园"
        do {
            _ = try validator.validate(input)
            Issue.record("should fail")
        } catch {
            #expect(Set(error.errors.map(\.field)) == ["name", "idNumber", "phone", "education"])
            #expect(error.message(for: "idNumber")?.contains("校验位") == true)
        }
    }

    @Test("a typed gender or birth date that disagrees with the ID number is refused")
    func disagreement() {
        var input = valid
        input.gender = "女"
        input.birthDate = "1990-03-08"
        #expect(throws: ValidationFailure.self) { try validator.validate(input) }
        do { _ = try validator.validate(input) } catch {
            #expect(error.message(for: "gender")?.contains("男") == true)
            #expect(error.message(for: "birthDate")?.contains("1990-03-07") == true)
        }
    }

    @Test("admission age: joining on the 18th birthday passes, the day before fails")
    func admissionAge() throws {
        var input = valid
        input.joinedOn = "2008-03-07"
        input.fullOn = "2009-03-07"
        _ = try validator.validate(input)
        input.joinedOn = "2008-03-06"
        do { _ = try validator.validate(input); Issue.record("should fail") } catch {
            #expect(error.message(for: "joinedOn")?.contains("未满 18 周岁") == true)
            #expect(error.message(for: "joinedOn")?.contains("《中国共产党章程》") == true)
        }
    }

    @Test("probation: 转正 exactly one year after joining passes, a day earlier fails")
    func probationLength() throws {
        var input = valid
        input.fullOn = "2013-06-30"
        _ = try validator.validate(input)
        input.fullOn = "2013-06-29"
        #expect(throws: ValidationFailure.self) { try validator.validate(input) }
    }

    @Test("a probationary member has no 转正 date")
    func probationaryHasNoFullDate() throws {
        var input = valid
        input.membership = "预备党员"
        input.joinedOn = "2026-03-01"
        #expect(throws: ValidationFailure.self) { try validator.validate(input) }
        input.fullOn = ""
        #expect(try validator.validate(input).membership == .probationary)
    }

    @Test("an edit may leave the ID number blank to keep the stored one")
    func keepStoredNumber() throws {
        var input = valid
        input.idNumber = ""
        let stored = MemberValidator.StoredIdentity(birthDate: CalendarDate(year: 1990, month: 3, day: 7)!, gender: .male)
        let profile = try validator.validate(input, stored: stored)
        #expect(profile.idNumber == nil)
        #expect(profile.birthDate.year == 1990)
        #expect(throws: ValidationFailure.self) { try validator.validate(input) }
    }

    @Test("dates in the future are refused")
    func futureDates() {
        var input = valid
        input.joinedOn = "2026-11-26"
        input.fullOn = ""
        #expect(throws: ValidationFailure.self) { try validator.validate(input) }
    }

    @Test("completeness counts what the national register asks for")
    func completeness() {
        let full = Completeness(.init(hasIDNumber: true, hasEthnicity: true, hasEducation: true, hasCategory: true, hasJob: true,
                                      hasPhone: true, hasAddress: true, membership: .full, hasFullOn: true))
        #expect(full.score == 100)
        #expect(full.missing.isEmpty)
        let partial = Completeness(.init(hasIDNumber: true, hasEthnicity: false, hasEducation: true, hasCategory: true, hasJob: false,
                                         hasPhone: false, hasAddress: true, membership: .full, hasFullOn: true))
        #expect(partial.missing == ["民族", "工作单位及职务", "联系电话"])
        #expect(partial.score == 76)
        let probationary = Completeness(.init(hasIDNumber: true, hasEthnicity: true, hasEducation: true, hasCategory: true,
                                              hasJob: true, hasPhone: true, hasAddress: true, membership: .probationary, hasFullOn: false))
        #expect(probationary.score == 100)
    }

    @Test("age bands map ages and birth-date ranges consistently")
    func ageBands() {
        let today = CalendarDate(year: 2026, month: 11, day: 25)!
        #expect(AgeBand(age: 30) == .upTo30)
        #expect(AgeBand(age: 31) == .from31To40)
        #expect(AgeBand(age: 71) == .over70)
        for age in 18...95 {
            let band = AgeBand(age: age)
            let (after, onOrBefore) = band.birthDates(on: today)
            for birth in [today.adding(years: -age), today.adding(years: -(age + 1)).adding(days: 1)] {
                #expect(birth.wholeYears(until: today) == age)
                #expect(after.map { birth > $0 } ?? true, "age \(age)")
                #expect(onOrBefore.map { birth <= $0 } ?? true, "age \(age)")
            }
        }
    }

    @Test("vocabularies accept labels and aliases")
    func vocabularies() {
        #expect(Education(label: "大专") == .juniorCollege)
        #expect(Education(label: "硕士研究生") == .master)
        #expect(MemberCategory(label: "农民") == .farmer)
        #expect(Membership(label: "预备") == .probationary)
        #expect(Ethnicity.normalized("维吾尔") == "维吾尔族")
        #expect(Ethnicity.normalized("火星族") == nil)
        #expect(Ethnicity.all.count == 56)
        #expect(Set(Ethnicity.all).count == 56)
    }
}

@Suite("Person names")
struct PersonNameTests {
    @Test("surnames and given names that Unicode counts as numerals are names", arguments: ["陆秀英", "万里", "伍佰强", "柒", "艾合买提·买买提"])
    func accepted(_ name: String) {
        #expect(PersonName.problem(name) == nil)
    }

    @Test("digits and markup are refused", arguments: ["张3", "李１", "<b>王</b>", "赵&钱", "周\\", "", String(repeating: "张", count: 31)])
    func refused(_ name: String) {
        #expect(PersonName.problem(name) != nil)
    }
}
