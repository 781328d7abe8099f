/// How many real numbers agree with what a person without the reveal permission can see: the masked number, the
/// birth year and month and the gender for an ID number; the masked number for a phone. Counted by enumerating, so
/// that a change to the mask or to the fields shown is measured, not argued.
public enum IdentityCandidates {
    /// The valid 18-character ID numbers (check character included) that begin with `region` — taken as known, the
    /// worst case: most of a county's members share its six digits — agree with every character `mask` shows
    /// (`*` hides one), were born in `year`-`month` and have `gender`.
    public static func residentIDs(region: String, mask: String, year: Int, month: Int, gender: Gender) -> Int {
        let shown = Array(mask.utf8)
        guard region.utf8.count == 6, shown.count == 18 else { return 0 }
        var count = 0
        for day in 1...CalendarDate.daysIn(month: month, year: year) {
            guard let birth = CalendarDate(year: year, month: month, day: day) else { continue }
            for sequence in 0..<1000 where (sequence % 2 == 1) == (gender == .male) {
                let number = Array(ResidentIDNumber.make(region: region, birthDate: birth, sequence: sequence).utf8)
                if zip(number, shown).allSatisfy({ $1 == UInt8(ascii: "*") || $0 == $1 }) { count += 1 }
            }
        }
        return count
    }

    /// The mobile numbers (11 digits, `1[3-9]`…) that agree with every digit `mask` shows.
    public static func phones(mask: String) -> Int {
        let shown = Array(mask.utf8)
        guard shown.count == 11 else { return 0 }
        var count = 1
        for (index, character) in shown.enumerated() where character == UInt8(ascii: "*") {
            count *= index == 0 ? 1 : index == 1 ? 7 : 10
        }
        return count
    }
}
