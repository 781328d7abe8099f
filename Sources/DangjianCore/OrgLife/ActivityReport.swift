/// 活动总结报告 — generated from what was recorded, never typed again (减负): the same sections feed the printable
/// page and the .docx file.
public struct ActivityReport: Sendable, Equatable {
    public struct Section: Sendable, Equatable {
        public let title: String
        public let paragraphs: [String]
    }

    public struct Absence: Sendable, Equatable {
        public let name: String
        public let status: AttendanceStatus
        public let reason: String?

        public init(name: String, status: AttendanceStatus, reason: String?) {
            self.name = name
            self.status = status
            self.reason = reason
        }
    }

    public struct FollowUp: Sendable, Equatable {
        public let problem: String
        public let owner: String
        public let due: CalendarDate
        public let closedOn: CalendarDate?
        public let outcome: String?

        public init(problem: String, owner: String, due: CalendarDate, closedOn: CalendarDate?, outcome: String?) {
            self.problem = problem
            self.owner = owner
            self.due = due
            self.closedOn = closedOn
            self.outcome = outcome
        }
    }

    public struct Facts: Sendable {
        public var kind: ActivityKind
        public var topic: String
        public var organizationName: String
        public var date: CalendarDate
        public var time: String?
        public var place: String
        public var host: String?
        public var recorder: String?
        public var present: [String]
        public var absences: [Absence]
        public var agenda: String?
        public var minutes: String?
        public var decisions: [String]
        public var speakers: [String]
        public var results: String?
        public var followUps: [FollowUp]
        public var photos: Int
        public var videos: Int
        public var videoLinks: [String]
        /// For a 支部党员大会: whether it could decide.
        public var quorum: MeetingQuorum?

        public init(kind: ActivityKind, topic: String, organizationName: String, date: CalendarDate, time: String? = nil, place: String,
                    host: String? = nil, recorder: String? = nil, present: [String] = [], absences: [Absence] = [], agenda: String? = nil,
                    minutes: String? = nil, decisions: [String] = [], speakers: [String] = [], results: String? = nil,
                    followUps: [FollowUp] = [], photos: Int = 0, videos: Int = 0, videoLinks: [String] = [],
                    quorum: MeetingQuorum? = nil) {
            self.kind = kind
            self.topic = topic
            self.organizationName = organizationName
            self.date = date
            self.time = time
            self.place = place
            self.host = host
            self.recorder = recorder
            self.present = present
            self.absences = absences
            self.agenda = agenda
            self.minutes = minutes
            self.decisions = decisions
            self.speakers = speakers
            self.results = results
            self.followUps = followUps
            self.photos = photos
            self.videos = videos
            self.videoLinks = videoLinks
            self.quorum = quorum
        }
    }

    public let title: String
    public let sections: [Section]

    public init(_ facts: Facts, today: CalendarDate) {
        title = "\(facts.organizationName)\(facts.kind.chinese)活动总结报告"
        var sections: [Section] = []
        sections.append(Section(title: "一、基本情况", paragraphs: [
            "活动类型：\(facts.kind.chinese)", "活动主题：\(facts.topic)",
            "时间：\(facts.date.chinese)\(facts.time.map { " \($0)" } ?? "")", "地点：\(facts.place)",
            "主持人：\(facts.host ?? "未记录")", "记录人：\(facts.recorder ?? "未记录")",
        ]))
        let expected = facts.present.count + facts.absences.count
        var attendance = ["应到 \(expected) 人，实到 \(facts.present.count) 人" + (expected > 0 ? "，出席率 \(facts.present.count * 100 / expected)%。" : "。")]
        if !facts.present.isEmpty { attendance.append("出席：" + facts.present.joined(separator: "、")) }
        if facts.absences.isEmpty {
            attendance.append("无缺席。")
        } else {
            attendance.append("缺席 \(facts.absences.count) 人：" + facts.absences.map { absence in
                "\(absence.name)（\(absence.status.chinese)\(absence.reason.map { "，\($0)" } ?? "")）"
            }.joined(separator: "、"))
        }
        if let quorum = facts.quorum { attendance.append(quorum.sentence + "。") }
        sections.append(Section(title: "二、出席情况", paragraphs: attendance))
        var content: [String] = []
        if let agenda = facts.agenda, !agenda.isEmpty { content.append("议程：" + agenda) }
        if let minutes = facts.minutes, !minutes.isEmpty { content += minutes.split(separator: "\n").map(String.init) }
        if !facts.speakers.isEmpty { content.append("发言：" + facts.speakers.joined(separator: "、")) }
        sections.append(Section(title: "三、主要内容", paragraphs: content.isEmpty ? ["未记录会议内容。"] : content))
        sections.append(Section(title: "四、决议事项", paragraphs: facts.decisions.isEmpty ? ["无。"]
            : facts.decisions.enumerated().map { "\($0.offset + 1). \($0.element)" }))
        sections.append(Section(title: "五、活动成效", paragraphs: [facts.results.flatMap { $0.isEmpty ? nil : $0 } ?? "未记录。"]))
        let followUps = facts.followUps.enumerated().map { index, item -> String in
            let state: String
            if let closed = item.closedOn {
                state = "已于 \(closed) 整改完成" + (item.outcome.map { "：\($0)" } ?? "")
            } else {
                state = item.due < today ? "已逾期，未完成" : "整改中"
            }
            return "\(index + 1). \(item.problem)（责任人：\(item.owner)，期限：\(item.due)，\(state)）"
        }
        sections.append(Section(title: "六、存在问题及整改", paragraphs: followUps.isEmpty ? ["无。"] : followUps))
        var media = ["照片 \(facts.photos) 张，视频 \(facts.videos) 段。"]
        media += facts.videoLinks.map { "视频链接：\($0)" }
        sections.append(Section(title: "七、影像资料", paragraphs: media))
        self.sections = sections
    }

    /// Plain text, for the .docx writer and for search.
    public var paragraphs: [String] { [title] + sections.flatMap { [$0.title] + $0.paragraphs } }
}
