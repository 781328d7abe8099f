import Foundation
import Vapor

/// UI text from one JSON file per locale (`Resources/Locales/zh-Hans.json` is the default), falling back to the
/// default language and then to the key itself.
public struct Localizer: Sendable {
    private let primary: [String: String]
    private let fallback: [String: String]

    public init(directory: URL, locale: String = "zh-Hans") throws {
        func load(_ name: String) throws -> [String: String] {
            let file = directory.appendingPathComponent("\(name).json")
            return try JSONDecoder().decode([String: String].self, from: Data(contentsOf: file))
        }
        self.fallback = try load("zh-Hans")
        self.primary = locale == "zh-Hans" ? fallback : try load(locale)
    }

    /// The text for `key`, with `{0}`, `{1}` … replaced by `arguments`.
    public func text(_ key: String, _ arguments: String...) -> String {
        var text = primary[key] ?? fallback[key] ?? key
        for (index, argument) in arguments.enumerated() {
            text = text.replacingOccurrences(of: "{\(index)}", with: argument)
        }
        return text
    }

    public var keys: Set<String> { Set(fallback.keys) }
}
