import Foundation

/// What a name is also found by: its given name without the surname (`秀梅` for 余秀梅) and its pinyin initials
/// (`ysm`). Both are stored beside the name and indexed, so that a search by either reads only the matching rows.
///
/// The initials come from ICU's Mandarin reading of each character (Foundation's `mandarinToLatin` transform), read
/// once per character into a table: a transform per name cost 13.5 µs, a quarter of an import's time for a row. A
/// character with more than one reading takes its common one, except a surname, which is read as a surname (曾 zēng,
/// 单 shàn, 仇 qiú, 区 ōu …). Compound surnames (欧阳, 司马 …) leave the given name after both characters.
public struct NameKeys: Equatable, Sendable {
    /// The name without its surname; nil for a name of one character or an unsplittable one.
    public let givenName: String?
    /// Lowercase ASCII letters: the first letter of each character's pinyin, and Latin letters as they are.
    public let initials: String

    public init(_ name: String) {
        let characters = Array(name.trimmingCharacters(in: .whitespaces))
        var initials = ""
        initials.reserveCapacity(characters.count)
        var rest = characters[...]
        var given: ArraySlice<Character>?
        if let separator = characters.firstIndex(where: { Self.separators.contains($0) }) {
            // 阿依古丽·买买提: the part after the separator is found by itself.
            let after = characters[(separator + 1)...]
            given = after.isEmpty ? nil : after
        } else if characters.count > 2, let compound = Self.compoundSurnames[String(characters[0..<2])] {
            initials += compound
            rest = characters[2...]
            given = rest
        } else if characters.count >= 2, let first = characters.first, Self.isHan(first) {
            initials += Self.surnameInitials[first].map(String.init) ?? Self.initial(of: first).map(String.init) ?? ""
            rest = characters[1...]
            given = rest
        }
        for character in rest {
            if let letter = Self.initial(of: character) { initials.append(letter) }
        }
        self.initials = initials
        self.givenName = given.map { String($0) }
    }

    /// What a search text means: ASCII letters are initials (any case), anything else the start of a name or a
    /// given name.
    public enum Query: Equatable, Sendable {
        case initials(String)
        case name(String)

        public init(_ text: String) {
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            if !trimmed.isEmpty, trimmed.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("A"..."Z").contains($0) }) {
                self = .initials(trimmed.lowercased())
            } else {
                self = .name(trimmed)
            }
        }
    }

    static let separators: Set<Character> = ["·", "•", "・", "．", "."]

    static func isHan(_ character: Character) -> Bool {
        guard let scalar = character.unicodeScalars.first else { return false }
        return hanRanges.contains { $0.contains(scalar.value) }
    }

    /// The first letter of a character's reading, a Latin letter lowercased, or nil (separators, other scripts).
    static func initial(of character: Character) -> Character? {
        guard character.unicodeScalars.count == 1, let scalar = character.unicodeScalars.first else { return nil }
        let value = scalar.value
        switch value {
        case 0x41...0x5A: return Character(Unicode.Scalar(UInt8(value + 0x20)))
        case 0x61...0x7A: return character
        default: break
        }
        var offset = 0
        for range in hanRanges {
            if range.contains(value) {
                let letter = table[offset + Int(value - range.lowerBound)]
                return letter == 0 ? nil : Character(Unicode.Scalar(letter))
            }
            offset += range.count
        }
        return nil
    }

    /// CJK Unified Ideographs and Extension A: the characters names are written in.
    static let hanRanges: [ClosedRange<UInt32>] = [0x4E00...0x9FFF, 0x3400...0x4DBF]

    /// The first letter of the reading of every character of `hanRanges`, in their order (0 where ICU has none).
    /// Built once, on first use (about 0.15 s).
    static let table: [UInt8] = {
        var table: [UInt8] = []
        table.reserveCapacity(hanRanges.reduce(0) { $0 + $1.count })
        for range in hanRanges {
            for value in range {
                guard let scalar = Unicode.Scalar(value),
                      let reading = String(Character(scalar)).applyingTransform(.mandarinToLatin, reverse: false),
                      let first = reading.applyingTransform(.stripDiacritics, reverse: false)?.lowercased().unicodeScalars.first,
                      ("a"..."z").contains(first) else {
                    table.append(0)
                    continue
                }
                table.append(UInt8(first.value))
            }
        }
        return table
    }()

    /// Surnames whose reading as a surname starts with another letter than the character's common reading.
    static let surnameInitials: [Character: Character] = [
        "曾": "z", "单": "s", "仇": "q", "区": "o", "解": "x", "查": "z", "朴": "p", "秘": "b", "翟": "z", "覃": "q",
        "盖": "g", "缪": "m", "种": "c", "重": "c", "召": "s", "祭": "z", "繁": "p", "藏": "z", "折": "s", "蕃": "p",
        "句": "g", "乐": "y", "长": "c",
    ]

    /// Compound surnames (复姓) and their initials as surnames.
    static let compoundSurnames: [String: String] = [
        "欧阳": "oy", "司马": "sm", "诸葛": "zg", "上官": "sg", "令狐": "lh", "皇甫": "hf", "澹台": "tt", "公孙": "gs",
        "慕容": "mr", "宇文": "yw", "东方": "df", "闻人": "wr", "夏侯": "xh", "尉迟": "yc", "长孙": "zs", "万俟": "mq",
        "司徒": "st", "司空": "sk", "端木": "dm", "轩辕": "xy", "独孤": "dg", "南宫": "ng", "西门": "xm", "呼延": "hy",
        "公冶": "gy", "太史": "ts", "申屠": "st", "鲜于": "xy", "钟离": "zl", "赫连": "hl", "濮阳": "py", "单于": "cy",
        "拓跋": "tb", "百里": "bl", "东郭": "dg", "左丘": "zq", "第五": "dw", "仲孙": "zs", "亓官": "qg", "司寇": "sk",
        "巫马": "wm", "公西": "gx", "漆雕": "qd", "乐正": "yz", "公良": "gl", "谷梁": "gl", "段干": "dg", "东门": "dm",
        "梁丘": "lq", "羊舌": "ys", "微生": "ws", "公羊": "gy", "淳于": "cy", "宗政": "zz",
    ]
}
