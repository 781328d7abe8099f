/// Whether a 支部党员大会 may decide: more than half of the full members entitled to vote (应到会有表决权的正式党员) must
/// be present. Probationary members and 流动党员 from other branches take part but do not count on either side.
public struct MeetingQuorum: Sendable, Equatable {
    public static let source = "《中国共产党支部工作条例（试行）》、《中国共产党章程》第七条"

    public let entitled: Int
    public let present: Int

    public init(entitled: Int, present: Int) {
        self.entitled = max(entitled, 0)
        self.present = min(max(present, 0), self.entitled)
    }

    /// More than half present; a meeting with nobody entitled to vote cannot decide.
    public var quorate: Bool { entitled > 0 && present * 2 > entitled }

    /// The sentence the page, the report and the refusal show.
    public var sentence: String {
        guard entitled > 0 else { return "本次会议没有应到会有表决权的正式党员，不能作出决议" }
        return quorate
            ? "应到会有表决权的正式党员 \(entitled) 人，实到 \(present) 人，超过半数，可以作出决议"
            : "应到会有表决权的正式党员 \(entitled) 人，实到 \(present) 人，未超过半数，不能作出决议"
    }

    /// How many more must be present to decide.
    public var shortBy: Int { quorate ? 0 : entitled / 2 + 1 - present }
}
