import Testing
@testable import DangjianCore

@Suite("公民身份号码与联系电话")
struct IdentityTests {
    let today = CalendarDate(year: 2026, month: 9, day: 25)!

    @Test("the sample number of GB 11643 is valid and yields birth date and gender")
    func standardSample() throws {
        let number = try ResidentIDNumber("11010519491231002X", today: today)
        #expect(number.birthDate == CalendarDate(year: 1949, month: 12, day: 31))
        #expect(number.gender == .female)
        #expect(number.tail == "002X")
    }

    @Test("a lower-case x and surrounding spaces are accepted and normalized")
    func normalization() throws {
        let number = try ResidentIDNumber("  11010519491231002x ", today: today)
        #expect(number.value == "11010519491231002X")
    }

    @Test("the 17th digit decides gender: odd is male, even is female")
    func genderFromSequence() throws {
        #expect(try ResidentIDNumber("41010519900307123X", today: today).gender == .male)
        #expect(try ResidentIDNumber("410105199003071248", today: today).gender == .female)
    }

    @Test("a wrong check character is refused and the expected one named")
    func badCheckCharacter() {
        #expect(throws: ResidentIDNumber.Problem.badCheckCharacter(expected: "X", found: "1")) {
            try ResidentIDNumber("110105194912310021", today: today)
        }
        #expect(throws: ResidentIDNumber.Problem.badCheckCharacter(expected: "8", found: "7")) {
            try ResidentIDNumber("410105199003071247", today: today)
        }
    }

    @Test("length, characters, province and date are checked before the checksum")
    func structuralProblems() {
        #expect(throws: ResidentIDNumber.Problem.empty) { try ResidentIDNumber("  ", today: today) }
        #expect(throws: ResidentIDNumber.Problem.wrongLength(17)) { try ResidentIDNumber("11010519491231002", today: today) }
        #expect(throws: ResidentIDNumber.Problem.wrongLength(15)) { try ResidentIDNumber("110105491231002", today: today) }
        #expect(throws: ResidentIDNumber.Problem.invalidCharacters) { try ResidentIDNumber("1101051949123100X2", today: today) }
        // Eighteen characters that are not all ASCII digits: full-width digits, as some input methods type them.
        #expect(throws: ResidentIDNumber.Problem.invalidCharacters) { try ResidentIDNumber("11010519491231002１", today: today) }
        #expect(throws: ResidentIDNumber.Problem.wrongLength(19)) { try ResidentIDNumber("110105194912310021号", today: today) }
        #expect(throws: ResidentIDNumber.Problem.unknownProvince("00")) { try ResidentIDNumber("00010519491231002X", today: today) }
        #expect(throws: ResidentIDNumber.Problem.invalidBirthDate("19000229")) { try ResidentIDNumber("419901190002290021", today: today) }
        #expect(throws: ResidentIDNumber.Problem.invalidBirthDate("19491332")) { try ResidentIDNumber("110105194913320021", today: today) }
    }

    @Test("a leap-day birth date is valid in a leap year")
    func leapDay() throws {
        #expect(try ResidentIDNumber("419901200002290029", today: today).birthDate == CalendarDate(year: 2000, month: 2, day: 29))
    }

    @Test("a birth date after today is refused; today itself is allowed")
    func futureBirth() throws {
        let number = "41990120080926001"
        #expect(throws: ResidentIDNumber.Problem.birthDateInFuture(CalendarDate(year: 2008, month: 9, day: 26)!)) {
            try ResidentIDNumber(number + "5", today: CalendarDate(year: 2008, month: 9, day: 25)!)
        }
        #expect(try ResidentIDNumber(number + "5", today: CalendarDate(year: 2008, month: 9, day: 26)!).birthDate.day == 26)
    }

    @Test("numbers made by the generator validate", arguments: [1, 2, 333, 998])
    func madeNumbersValidate(sequence: Int) throws {
        let birth = CalendarDate(year: 1975, month: 6, day: 30)!
        let made = ResidentIDNumber.make(region: "419901", birthDate: birth, sequence: sequence)
        let parsed = try ResidentIDNumber(made, today: today)
        #expect(parsed.birthDate == birth)
        #expect(parsed.gender == (sequence % 2 == 1 ? .male : .female))
    }

    @Test("mobile numbers: 11 digits starting 13–19; +86, spaces and dashes accepted")
    func mobile() throws {
        #expect(try PhoneNumber("13812345678").value == "13812345678")
        #expect(try PhoneNumber("+86 138-1234-5678").value == "13812345678")
        #expect(try PhoneNumber("19912345678").kind == .mobile)
        #expect(throws: PhoneNumber.Problem.invalidMobile) { try PhoneNumber("12812345678") }
        #expect(throws: PhoneNumber.Problem.invalidMobile) { try PhoneNumber("1381234567") }
        #expect(throws: PhoneNumber.Problem.invalidMobile) { try PhoneNumber("138123456789") }
        #expect(throws: PhoneNumber.Problem.invalidCharacters) { try PhoneNumber("138a2345678") }
        #expect(throws: PhoneNumber.Problem.empty) { try PhoneNumber("") }
    }

    @Test("landlines need an area code")
    func landline() throws {
        #expect(try PhoneNumber("0371-12345678").kind == .landline)
        #expect(try PhoneNumber("010-1234567").value == "0101234567")
        #expect(throws: PhoneNumber.Problem.invalidLandline) { try PhoneNumber("0371-123") }
        #expect(throws: PhoneNumber.Problem.invalidLandline) { try PhoneNumber("00371234567") }
        #expect(throws: PhoneNumber.Problem.invalidMobile) { try PhoneNumber("12345678") }
    }

    @Test("masking shows the first four of an ID (province and city), the 3+4 of a phone, the birth year and month")
    func masking() {
        #expect(Masking.residentID("410105199003071248") == "4101**************")
        #expect(Masking.birthMonth(CalendarDate(year: 1990, month: 3, day: 7)!) == "1990-03")
        #expect(Masking.birthMonthChinese(CalendarDate(year: 1990, month: 3, day: 7)!) == "1990年3月")
        #expect(Masking.phone("13812345678") == "138****5678")
        #expect(Masking.phone("037112345678") == "0371****5678")
        #expect(Masking.name("张三丰") == "张**")
        #expect(Masking.name("王") == "王*")
        #expect(Masking.residentID("1234") == "****")
    }
}

@Suite("What a role without the reveal permission sees leaves enough numbers")
struct IdentityCandidateTests {
    /// Numbers of every month and both genders, in one county (its region code taken as known: the worst case).
    static let samples = [("410105", 1990, 3, Gender.male), ("410105", 1985, 2, .female), ("410105", 1988, 2, .male),
                          ("410105", 2001, 12, .female), ("419001", 1949, 10, .male)]

    @Test("the masked ID number with the birth year and month and the gender leaves at least 10,000 numbers, counted one by one")
    func residentIDs() {
        for (region, year, month, gender) in Self.samples {
            let birth = CalendarDate(year: year, month: month, day: 15)!
            let number = ResidentIDNumber.make(region: region, birthDate: birth, sequence: gender == .male ? 123 : 124)
            let candidates = IdentityCandidates.residentIDs(region: region, mask: Masking.residentID(number), year: year, month: month,
                                                           gender: gender)
            #expect(candidates >= 10_000, "\(number): \(candidates)")
        }
    }

    @Test("the old mask (last four shown) left at most one number a day of the month: with the full birth date, one")
    func oldMaskWasWeak() {
        let number = ResidentIDNumber.make(region: "410105", birthDate: CalendarDate(year: 1990, month: 3, day: 7)!, sequence: 123)
        let old = String(number.prefix(4)) + String(repeating: "*", count: 10) + String(number.suffix(4))
        #expect(IdentityCandidates.residentIDs(region: "410105", mask: old, year: 1990, month: 3, gender: .male) <= 31)
    }

    @Test("a masked mobile number leaves 10,000 numbers")
    func phones() {
        #expect(IdentityCandidates.phones(mask: Masking.phone("13812345678")) == 10_000)
        #expect(IdentityCandidates.phones(mask: "1**********") == 7 * 1_000_000_000)
    }
}
