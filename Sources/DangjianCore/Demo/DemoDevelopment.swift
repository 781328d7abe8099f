/// People on their way to membership in the demo county, at every stage, so that the funnel, the timelines and the
/// to-dos have something to show. Dates lie before `DemoCounty.asOf` and satisfy every rule of RULES.md §1.
extension DemoCounty {
    public struct DevelopmentSeed: Sendable {
        public let organizationKey: Int
        public let name: String
        public let gender: Gender
        public let birthDate: CalendarDate
        public let idNumber: String
        /// `PersonFact.memberID` holds the index of the person in `members`; the loader maps it to the stored id.
        public let development: DevelopmentCase
    }
}

extension DemoCountyBuilder {
    /// Steps done and days between the application and `asOf`, one person each.
    static let developmentPlans: [(steps: Int, appliedDaysAgo: Int)] = [
        (1, 20), (1, 45), (2, 150), (6, 300), (6, 480), (11, 560), (16, 520), (21, 800), (25, 1300),
    ]

    mutating func addDevelopment(in branches: [Int]) {
        let asOf = DemoCounty.asOf
        for (index, plan) in Self.developmentPlans.enumerated() {
            let branch = branches[index % branches.count]
            let full = county.members.indices.filter {
                county.members[$0].organizationKey == branch && county.members[$0].membership == .full && county.members[$0].status == .active
            }
            guard full.count >= 2 else { continue }
            let male = random.chance(0.5)
            let birth = asOf.adding(years: -random.int(21...32)).adding(days: -random.int(0...300))
            let applied = asOf.adding(days: -plan.appliedDaysAgo)
            let people = [full[0], full[1]].map { PersonFact(memberID: $0, name: county.members[$0].name, isFullMember: true) }
            let vote = VoteTally(entitled: max(full.count, 3), present: max(full.count, 3) * 3 / 4 + 1, yes: max(full.count, 3) * 3 / 4 + 1, no: 0, abstain: 0)
            var development = DevelopmentCase(birthDate: birth)
            var meeting = applied
            for step in DevelopmentStep.allCases.prefix(plan.steps) {
                let activist = applied.adding(days: 60)
                let date: CalendarDate
                switch step.rawValue {
                case 1: date = applied
                case 2: date = applied.adding(days: 10)
                case 3: date = activist
                case 4, 5, 6: date = activist.adding(days: [4: 3, 5: 6, 6: 15][step.rawValue]!)
                case 7...14: date = activist.adding(years: 1).adding(days: [7: 5, 8: 8, 9: 11, 10: 20, 11: 25, 12: 30, 13: 35, 14: 40][step.rawValue]!)
                case 15: date = activist.adding(years: 1).adding(days: 50); meeting = date
                case 16...21: date = meeting.adding(days: [16: 10, 17: 30, 18: 35, 19: 40, 20: 45, 21: 75][step.rawValue]!)
                case 22: date = meeting.adding(years: 1).adding(days: -20)
                case 23: date = meeting.adding(years: 1).adding(days: 5)
                default: date = meeting.adding(years: 1).adding(days: step == .conversionApproval ? 30 : 40)
                }
                development.records.append(StepRecord(
                    step: step, date: date, people: step == .contactsAssigned || step == .sponsorsAssigned ? people : [],
                    conclusion: [2: "入党动机端正", 10: "政治审查合格", 16: "谈话合格"][step.rawValue],
                    passed: [10, 17, 24].contains(step.rawValue) ? true : nil, trainingDays: step == .intensiveTraining ? 3 : nil,
                    vote: step == .admissionMeeting || step == .conversionMeeting ? vote : nil))
            }
            if development.date(.activistRecommendation) != nil && development.date(.candidateDetermination) == nil {
                development.reviews = [development.date(.activistRecommendation)!.adding(months: 6)].filter { $0 <= asOf }
            }
            county.developmentCases.append(.init(
                organizationKey: branch, name: personName(male: male, age: birth.wholeYears(until: asOf)), gender: male ? .male : .female,
                birthDate: birth, idNumber: ResidentIDNumber.make(region: "419902", birthDate: birth, sequence: (male ? 101 : 100) + index * 2),
                development: development))
        }
    }
}
