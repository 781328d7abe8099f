/// A record of organizational life in the demo county, so that the compliance grid, the member records and the
/// reports have a history to show: most branches keep to the rules, a few miss a month or a quarter.
public struct DemoActivity: Sendable {
    public struct Attendance: Sendable {
        public let memberIndex: Int
        public let status: AttendanceStatus
        public let reason: String?
    }

    public let organizationKey: Int
    public let kind: ActivityKind
    public let topic: String
    public let date: CalendarDate
    public let place: String
    public let minutes: String
    public let attendance: [Attendance]
}

extension DemoCounty {
    /// Activities of every branch from January of the year of `through` up to the day before it, the same every time for
    /// the same day. Committee meetings where a committee is recorded; general meetings and lectures each quarter;
    /// a theme day each month.
    public func activities(through today: CalendarDate) -> [DemoActivity] {
        var random = SeededGenerator(seed: UInt64(today.year) &* 7_919 &+ 2_026)
        let branches = organizations.filter { $0.kind == .branch || $0.kind == .jointBranch }
        let membersByBranch = Dictionary(grouping: members.indices.filter { members[$0].status.isInRegister }) { members[$0].organizationKey }
        let officesByBranch = Dictionary(grouping: offices, by: \.organizationKey)
        let topics: [ActivityKind: [String]] = [
            .themeDay: ["学习党的二十届四中全会精神", "重温入党誓词", "志愿服务进社区", "学习《中国共产党支部工作条例》", "清洁家园义务劳动",
                        "走访慰问困难党员", "学习先进典型事迹", "廉洁文化教育"],
            .committeeMeeting: ["研究本月支部工作安排", "讨论发展党员工作", "研究党费收缴情况", "研究主题党日安排"],
            .generalMeeting: ["传达上级会议精神，部署季度工作", "讨论接收预备党员", "通报党费收缴和使用情况", "学习贯彻上级文件精神"],
            .partyLecture: ["书记讲党课：坚定理想信念", "党课：学习党史，汲取力量", "党课：践行初心使命", "党课：推进乡村振兴"],
        ]
        let reasons: [(AttendanceStatus, String)] = [(.leave, "家中有事"), (.official, "外出学习"), (.away, "外出务工"), (.sick, "身体不适")]
        var result: [DemoActivity] = []
        for branch in branches {
            guard let people = membersByBranch[branch.key], !people.isEmpty else { continue }
            let committee = (officesByBranch[branch.key] ?? []).map(\.memberIndex)
            let diligence = random.chance(0.8) ? 0.95 : 0.7
            for month in 1...12 {
                let first = CalendarDate(year: today.year, month: month, day: 1)!
                guard first < today else { break }
                var plan: [(ActivityKind, Int)] = [(.themeDay, 5 + random.int(0...10))]
                if committee.count >= 3 { plan.append((.committeeMeeting, 2 + random.int(0...3))) }
                if month % 3 == 2 { plan.append((.generalMeeting, 12 + random.int(0...10))) }
                if month % 3 == 0 { plan.append((.partyLecture, 8 + random.int(0...12))) }
                for (kind, day) in plan where random.chance(diligence) {
                    let date = CalendarDate(year: today.year, month: month, day: day)!
                    guard date < today else { continue }
                    let expected = kind == .committeeMeeting ? committee : people
                    var attendance = expected.map { index -> DemoActivity.Attendance in
                        if random.chance(0.86) { return .init(memberIndex: index, status: .present, reason: nil) }
                        let (status, reason): (AttendanceStatus, String) = random.pick(reasons)
                        return .init(memberIndex: index, status: status, reason: reason)
                    }
                    // A committee meeting is held only with more than half of the committee present.
                    while kind == .committeeMeeting, attendance.count(where: { $0.status == .present }) * 2 <= attendance.count,
                          let absent = attendance.firstIndex(where: { $0.status != .present }) {
                        attendance[absent] = .init(memberIndex: attendance[absent].memberIndex, status: .present, reason: nil)
                    }
                    let topic = random.pick(topics[kind]!)
                    result.append(DemoActivity(organizationKey: branch.key, kind: kind, topic: topic, date: date,
                                               place: branch.sector == .village ? "村党群服务中心" : "党员活动室",
                                               minutes: "围绕“\(topic)”开展\(kind.chinese)。主持人作说明，与会党员逐一发言，形成一致意见。",
                                               attendance: attendance))
                }
            }
        }
        return result
    }
}
