import Foundation

/// A drawing made by one of our own SVG renderers, which escape every text they put in it: the only markup a page
/// embeds as it is (`DangjianHTML`'s `svg(_:)`). Nothing outside Core can make one.
public struct SVGDocument: Sendable, Equatable {
    public let markup: String

    init(markup: String) { self.markup = markup }
}

/// Small helpers shared by the SVG renderers; every chart is drawn by our own code (DESIGN: self-contained).
enum SVG {
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    /// Approximate rendered width: CJK and other wide characters take a full em, ASCII about 0.6 em.
    static func textWidth(_ text: String, fontSize: Double) -> Double {
        text.unicodeScalars.reduce(0) { $0 + ($1.isASCII ? 0.6 : 1.0) } * fontSize
    }

    /// `text` cut to fit `width`, ending in an ellipsis when shortened.
    static func fit(_ text: String, width: Double, fontSize: Double) -> String {
        guard textWidth(text, fontSize: fontSize) > width else { return text }
        var result = ""
        for character in text {
            if textWidth(result + String(character) + "…", fontSize: fontSize) > width { break }
            result.append(character)
        }
        return result + "…"
    }

    static func number(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
    }
}
