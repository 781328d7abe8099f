import Testing
@testable import DangjianCore

@Suite("Benchmark dataset")
struct BenchDatasetTests {
    @Test("the tree has the size asked for, parents before children, unique branch names")
    func organizations() {
        let dataset = BenchDataset(organizations: 5000)
        #expect(dataset.organizations.count == 5000)
        #expect(dataset.organizations.enumerated().allSatisfy { $0.element.id == $0.offset + 1 && ($0.element.parentID ?? 0) < $0.element.id })
        #expect(Set(dataset.organizations.map(\.name)).count == 5000)
        #expect(!dataset.branchIDs.isEmpty)
    }

    @Test("members have valid, unique ID numbers, and the import series is a different set of people")
    func members() throws {
        let dataset = BenchDataset(organizations: 300)
        let today = CalendarDate(year: 2026, month: 11, day: 26)!
        var seen = Set<String>()
        for index in stride(from: 0, to: 200_000, by: 97) {
            for series in [0, 1] {
                let member = dataset.member(index, series: series)
                let id = try ResidentIDNumber(member.idNumber, today: today)
                #expect(id.birthDate == member.birthDate && id.gender == member.gender)
                #expect(seen.insert(member.idNumber).inserted)
                #expect(member.joinedOn >= member.birthDate.adding(years: 18))
                if let phone = member.phone { #expect((try? PhoneNumber(phone)) != nil) }
            }
        }
        #expect(dataset.member(42).name == dataset.member(42).name)
    }
}
