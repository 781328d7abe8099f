import Foundation
import Vapor

/// Files the platform writes for one download (.xlsx, .docx, .csv): a private temporary place under the data
/// directory, and a response that streams the file, names it in Chinese and deletes it afterwards.
enum Downloads {
    static let xlsx = HTTPMediaType(type: "application", subType: "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    static let docx = HTTPMediaType(type: "application", subType: "vnd.openxmlformats-officedocument.wordprocessingml.document")
    static let csv = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
    /// The same, as the API document names them.
    static let xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    static let docxType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

    /// A fresh path with `fileExtension` in `<data>/exports`, readable by the owner only.
    static func temporaryFile(_ fileExtension: String, _ services: AppServices) throws -> URL {
        let directory = services.configuration.dataDirectory.appendingPathComponent("exports", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        return directory.appendingPathComponent("\(UUID().uuidString).\(fileExtension)")
    }

    /// Streams `url` as an attachment named `name` (an ASCII `fallback` for old clients), removing it when sent.
    static func respond(_ url: URL, name: String, fallback: String, type: HTTPMediaType, on request: Request) async throws -> Response {
        let response = try await request.fileio.asyncStreamFile(at: url.path) { _ in try? FileManager.default.removeItem(at: url) }
        response.headers.contentType = type
        response.headers.replaceOrAdd(name: .contentDisposition, value: disposition("attachment", name: name, fallback: fallback))
        return response
    }

    /// `attachment; filename="report.docx"; filename*=UTF-8''%E6%B4%BB…` (RFC 6266).
    static func disposition(_ kind: String, name: String, fallback: String) -> String {
        "\(kind); filename=\"\(fallback)\"; filename*=UTF-8''\(name.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? fallback)"
    }
}
