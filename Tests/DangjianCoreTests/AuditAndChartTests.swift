import Foundation
import Testing
@testable import DangjianCore

@Suite("审计链、游标与图表")
struct AuditAndChartTests {
    /// A stand-in keyed hash for the chain logic; the app uses HMAC-SHA-256.
    static let hash: @Sendable (String) -> String = { text in
        var value: UInt64 = 1_469_598_103_934_665_603
        for byte in text.utf8 { value = (value ^ UInt64(byte)) &* 1_099_511_628_211 }
        return String(value, radix: 16)
    }

    func chain(_ count: Int) -> [ChainedAuditRecord] {
        var previous = AuditChainVerifier.genesis
        return (1...count).map { sequence in
            let record = AuditRecord(sequence: sequence, at: "2026-11-25T01:00:0\(sequence % 10).000Z", actorID: 3,
                                     actorName: "李支书", action: "member.update", targetType: "member", targetID: "\(sequence)",
                                     organizationID: 7, outcome: .success, requestID: "r\(sequence)", clientAddress: "10.0.0.1",
                                     detail: "修改 phone")
            let hash = Self.hash(record.canonicalText(previousHash: previous))
            defer { previous = hash }
            return ChainedAuditRecord(record: record, previousHash: previous, hash: hash)
        }
    }

    func verify(_ entries: [ChainedAuditRecord]) -> AuditChainVerifier.Break? {
        var verifier = AuditChainVerifier(hash: Self.hash)
        for entry in entries { if let broken = verifier.check(entry) { return broken } }
        return nil
    }

    @Test("an intact chain verifies")
    func intact() { #expect(verify(chain(5)) == nil) }

    @Test("a changed entry is found where it was changed")
    func changedContent() {
        var entries = chain(5)
        var record = entries[2].record
        record.outcome = .denied
        entries[2] = ChainedAuditRecord(record: record, previousHash: entries[2].previousHash, hash: entries[2].hash)
        #expect(verify(entries) == .contentMismatch(sequence: 3))
    }

    @Test("a removed entry is found as a gap")
    func removedEntry() {
        var entries = chain(5)
        entries.remove(at: 1)
        #expect(verify(entries) == .gap(expected: 2, found: 3))
    }

    @Test("a rewritten entry with a recomputed own hash still breaks the link to the next")
    func rewrittenEntry() {
        var entries = chain(4)
        var record = entries[1].record
        record.detail = "改过的内容"
        let forged = Self.hash(record.canonicalText(previousHash: entries[1].previousHash))
        entries[1] = ChainedAuditRecord(record: record, previousHash: entries[1].previousHash, hash: forged)
        #expect(verify(entries) == .previousHashMismatch(sequence: 3))
    }

    @Test("ID numbers and phones never reach the audit detail")
    func scrubbing() {
        let record = AuditRecord(sequence: 1, at: "t", actorID: nil, actorName: "x", action: "a", targetType: "t", targetID: "1",
                                 organizationID: nil, outcome: .success, requestID: "r", clientAddress: "c",
                                 detail: "号码 41010519900307123X 电话 13812345678 与 +8613912345678，编号 12345 保留")
        #expect(!record.detail.contains("41010519900307123X"))
        #expect(!record.detail.contains("13812345678"))
        #expect(!record.detail.contains("13912345678"))
        #expect(record.detail.contains("12345 保留"))
    }

    @Test("a number written right after another is hidden too, and scrubbing twice changes nothing")
    func scrubbingTouchingNumbers() {
        for text in ["12345678901234567X12345678901234567X", "13812345678X41010519900307123X9", "1381234567813812345678x",
                     "41010519900307123x41010519900307123X41010519900307123X"] {
            let once = PersonalDataScrubber.scrub(text)
            #expect(PersonalDataScrubber.scrub(once) == once, "\(text)")
            #expect(!once.contains("0123"), "\(text) → \(once)")
        }
        #expect(PersonalDataScrubber.scrub("12345678901234567X12345678901234567X") == "[已隐去][已隐去]")
    }

    @Test("canonical text escapes separators so that fields cannot be shifted")
    func canonicalEscaping() {
        let a = AuditRecord(sequence: 1, at: "t", actorID: nil, actorName: "a\tb", action: "x", targetType: "", targetID: "",
                            organizationID: nil, outcome: .success, requestID: "", clientAddress: "", detail: "")
        let b = AuditRecord(sequence: 1, at: "t", actorID: nil, actorName: "a", action: "b\tx", targetType: "", targetID: "",
                            organizationID: nil, outcome: .success, requestID: "", clientAddress: "", detail: "")
        #expect(a.canonicalText(previousHash: "0") != b.canonicalText(previousHash: "0"))
    }

    @Test("a page cursor round-trips and refuses tampering")
    func cursor() {
        let cursor = PageCursor(path: "/1/5/23/", id: 4711)
        #expect(PageCursor(token: cursor.token) == cursor)
        let keyed = PageCursor(key: "秀梅", path: "/1/5/23/", id: 4711)
        #expect(PageCursor(token: keyed.token) == keyed)
        #expect(PageCursor(token: keyed.token)?.key == "秀梅")
        #expect(PageCursor(token: cursor.token)?.key == nil)
        #expect(!cursor.token.contains("="))
        #expect(PageCursor(token: "bm90IGEgY3Vyc29y") == nil)
        #expect(PageCursor(token: "%%%") == nil)
    }

    @Test("the org chart draws every box once, escapes names and stacks leaf children")
    func orgChart() {
        let leaves = (1...40).map { OrgChartNode(id: 100 + $0, name: "第\($0)党支部", caption: "党支部", link: "/orgs/\(100 + $0)") }
        let towns = (1...6).map { OrgChartNode(id: $0, name: "镇<\($0)>", caption: "党委", link: nil, children: leaves) }
        let svg = OrgChartRenderer().render(OrgChartNode(id: 0, name: "县委", caption: "党委", link: "/orgs/0", children: towns), title: "架构")
        #expect(svg.components(separatedBy: "<rect class=\"oc-box").count - 1 == 1 + 6 + 240)
        #expect(svg.contains("镇&lt;1&gt;"))
        #expect(!svg.contains("镇<1>"))
        // Stacked leaves keep the chart narrow: six columns, not 240 boxes side by side.
        let width = Double(svg.split(separator: "width=\"")[1].prefix { $0 != "\"" })!
        #expect(width < 6 * 400)
    }

    @Test("long names are shortened with an ellipsis and kept whole in the tooltip")
    func fitting() {
        let name = "青禾县非公有制经济组织和社会组织党委第一联合党支部"
        let svg = OrgChartRenderer().render(OrgChartNode(id: 1, name: name, caption: "", link: nil), title: "t")
        #expect(svg.contains("…</text>"))
        #expect(svg.contains("<title>\(name)"))
    }

    @Test("bar charts show value and share")
    func barChart() {
        let svg = BarChart().render([.init(label: "男", value: 3), .init(label: "女", value: 1)], title: "性别")
        #expect(svg.contains("3（75%）"))
        #expect(svg.contains("1（25%）"))
    }

    @Test("bar charts keep every label and value whole, at 16 units, the columns as wide as their longest text")
    func barChartFits() {
        let bars: [BarChart.Bar] = [.init(label: "其他职业人员", value: 123_456), .init(label: "71岁及以上", value: 8), .init(label: "博士研究生", value: 0)]
        let svg = BarChart().render(bars, title: "人员类别")
        #expect(!svg.contains("…"), "nothing cut")
        #expect(svg.contains(">其他职业人员<") && svg.contains(">123456（100%）<") && svg.contains("font-size=\"16\""))
        #expect(svg.contains("text-anchor=\"end\""), "values end at the right edge, inside the chart")
    }
}

@Suite("Uploaded file kinds by content")
struct FileKindTests {
    @Test("pictures, PDF and video are known by their leading bytes", arguments: [
        ([0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10] as [UInt8], FileKind.jpeg),
        ([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D], .png),
        (Array("GIF89a\u{1}\u{0}".utf8), .gif),
        (Array("RIFF\u{0}\u{0}\u{0}\u{0}WEBPVP8 ".utf8), .webp),
        (Array("%PDF-1.7\n".utf8), .pdf),
        ([0, 0, 0, 0x20] + Array("ftypisom".utf8), .mp4),
        ([0, 0, 0, 0x14] + Array("ftypqt  ".utf8), .mov),
        ([0x1A, 0x45, 0xDF, 0xA3, 0x9F], .webm),
    ])
    func known(_ bytes: [UInt8], _ kind: FileKind) {
        #expect(FileKind.sniff(bytes) == kind)
    }

    @Test("HTML, script, SVG and empty files are nothing we keep, whatever their name", arguments: [
        "<html><script>alert(1)</script>", "<?xml version=\"1.0\"?><svg onload=\"alert(1)\">", "#!/bin/sh\nrm -rf /", "", "GIF8",
    ])
    func refused(_ text: String) {
        #expect(FileKind.sniff(Array(text.utf8)) == nil)
    }
}
