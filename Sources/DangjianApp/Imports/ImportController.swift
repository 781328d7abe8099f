import DangjianCore
import Fluent
import Vapor

/// Roster import and export pages.
struct ImportPages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let imports = routes.grouped("imports")
        imports.get(use: index).requires(.memberWrite)
        imports.on(.POST, body: .collect(maxSize: "32mb"), use: uploadForm).requires(.memberWrite).acceptsBody(upTo: 32 * 1024 * 1024)
        imports.on(.POST, "upload", body: .stream, use: uploadStream).requires(.memberWrite).streamsBody()
        imports.get(":id", use: show).requires(.memberWrite)
        imports.post(":id", "run", use: run).requires(.memberWrite)
        imports.get(":id", "report", use: report).requires(.memberWrite)
        routes.get("members", "export", use: exportMasked).requires(.memberRead)
        routes.get("members", "export", "unmasked", use: unmaskedForm).requires(.memberReveal)
        routes.post("members", "export", "unmasked", use: exportUnmasked).requires(.memberReveal)
    }

    struct IndexPage {
        let layout: Layout
        let jobs: [ImportJobView]
        let organizations: [SelectOption]
        let headers: [String]
        let errors: [FieldError]
    }

    func renderIndex(_ request: Request, errors: [FieldError]) async throws -> Page {
        let actor = try request.requireActor()
        let jobs = try await ImportJobModel.query(on: request.db).filter(\.$accountID == actor.accountID)
            .sort(\.$createdAt, .descending).limit(20).all()
        let organizations = try await OrganizationStore.inScope(for: .memberWrite, on: request)
        return Page(IndexPage(
            layout: Layout(request, title: "导入党员名册"), jobs: jobs.map { ImportJobs.view($0, request.services) },
            organizations: [SelectOption(value: "", label: "按文件中“所在党组织”列", selected: true)] + SelectOption.organizations(organizations),
            headers: RosterField.allCases.map(\.header), errors: errors).node)
    }

    @Sendable func index(_ request: Request) async throws -> Page { try await renderIndex(request, errors: []) }

    struct UploadForm: Content {
        var file: File?
        var organizationID: String?
        var mode: String?
    }

    /// Without JavaScript: a multipart form, collected up to 32 MB.
    @Sendable func uploadForm(_ request: Request) async throws -> Response {
        let form = try request.content.decode(UploadForm.self)
        guard let file = form.file, file.data.readableBytes > 0 else {
            return try await renderIndex(request, errors: [FieldError(field: "file", message: "请选择要导入的 Excel（.xlsx）或 CSV 文件")])
                .encodeResponse(status: .unprocessableEntity, for: request)
        }
        let id = UUID().uuidString.lowercased()
        _ = try await ImportJobs.receive(request, id: id, upload: file.data)
        let job = try await ImportJobs.start(request, id: id, fileName: file.filename, organizationID: form.organizationID.flatMap { Int($0) },
                                             mode: ImportJobModel.Mode(rawValue: form.mode ?? "") ?? .skip)
        return request.redirect(to: "/imports/\(job.id!)")
    }

    /// With JavaScript (and for scripts): the file is the request body, streamed to disk.
    @Sendable func uploadStream(_ request: Request) async throws -> Response {
        try await Self.upload(request, name: request.query[String.self, at: "name"], organizationID: request.query[Int.self, at: "organizationID"],
                              mode: request.query[String.self, at: "mode"]).encodeResponse(status: .accepted, for: request)
    }

    static func upload(_ request: Request, name: String?, organizationID: Int?, mode: String?) async throws -> ImportJobView {
        let id = UUID().uuidString.lowercased()
        _ = try await ImportJobs.receive(request, id: id)
        let job = try await ImportJobs.start(request, id: id, fileName: name ?? "", organizationID: organizationID,
                                             mode: ImportJobModel.Mode(rawValue: mode ?? "") ?? .skip)
        return ImportJobs.view(job, request.services)
    }

    struct ShowPage {
        let layout: Layout
        let job: ImportJobView
        let counts: [MemberStatistics.Count]
        let running: Bool
        let errors: [FieldError]
    }

    func renderShow(_ request: Request, job: ImportJobModel, errors: [FieldError]) async throws -> Page {
        let view = ImportJobs.view(job, request.services)
        return Page(ShowPage(
            layout: Layout(request, title: "导入：\(job.fileName)"), job: view,
            counts: view.problemCounts.sorted { $0.value > $1.value }.map { MemberStatistics.Count(label: $0.key, value: $0.value) },
            running: job.status.isRunning, errors: errors).node)
    }

    @Sendable func show(_ request: Request) async throws -> Page {
        try await renderShow(request, job: try await ImportJobs.find(request), errors: [])
    }

    struct RunForm: Content {
        var mode: String?
    }

    @Sendable func run(_ request: Request) async throws -> Response {
        let job = try await ImportJobs.find(request)
        let mode = ImportJobModel.Mode(rawValue: try request.content.decode(RunForm.self).mode ?? "") ?? .skip
        do {
            try await ImportJobs.run(request, job: job, mode: mode)
            return request.redirect(to: "/imports/\(job.id!)")
        } catch let problems as FormProblems {
            return try await renderShow(request, job: job, errors: problems.errors).encodeResponse(status: .unprocessableEntity, for: request)
        }
    }

    @Sendable func report(_ request: Request) async throws -> Response {
        try await ImportPages.reportResponse(try await ImportJobs.find(request), on: request)
    }

    static func reportResponse(_ job: ImportJobModel, on request: Request) async throws -> Response {
        let url = ImportJobs.report(job.id!, request.services)
        guard FileManager.default.fileExists(atPath: url.path) else { throw Abort(.notFound, reason: "该任务没有问题报告") }
        let response = try await request.fileio.asyncStreamFile(at: url.path)
        response.headers.contentType = Downloads.xlsx
        response.headers.replaceOrAdd(name: .contentDisposition, value: Downloads.disposition("attachment", name: "问题报告-\(job.fileName).xlsx", fallback: "report.xlsx"))
        return response
    }

    struct ExportPage {
        let layout: Layout
        let count: Int
        let listLink: String
        let xlsxLink: String
        let csvLink: String
        let unmaskedLink: String?
    }

    /// Without a format, the page that says how many rows the whole filtered list has before anything is downloaded;
    /// with one, the file.
    @Sendable func exportMasked(_ request: Request) async throws -> Response {
        let filter = try request.query.decode(MemberFilter.self)
        if let format = request.query[String.self, at: "format"] {
            return try await MemberExport.respond(filter, format: format, reason: nil, on: request)
        }
        let count = try await MemberStore.count(filter, on: request)
        let query = request.query(without: ["after", "limit", "format"])
        let scopes = try await MemberStore.scopes(for: filter, on: request)
        let policy = try request.policy
        return try await Page(ExportPage(
            layout: Layout(request, title: "导出党员名册"), count: count, listLink: "/members" + MemberPages.prefixed(query),
            xlsxLink: "/members/export?" + (query.isEmpty ? "" : query + "&") + "format=xlsx",
            csvLink: "/members/export?" + (query.isEmpty ? "" : query + "&") + "format=csv",
            unmaskedLink: !scopes.isEmpty && scopes.allSatisfy { policy.allows(.memberReveal, at: $0) }
                ? "/members/export/unmasked" + MemberPages.prefixed(query) : nil).node).encodeResponse(for: request)
    }

    struct UnmaskedPage {
        let layout: Layout
        let query: String
        let errors: [FieldError]
    }

    @Sendable func unmaskedForm(_ request: Request) async throws -> Page {
        Page(UnmaskedPage(layout: Layout(request, title: "导出完整号码"), query: request.url.query ?? "", errors: []).node)
    }

    @Sendable func exportUnmasked(_ request: Request) async throws -> Response {
        let form = try request.content.decode(ExportRequest.self)
        do {
            return try await MemberExport.respond(try request.query.decode(MemberFilter.self), format: form.format,
                                                  reason: form.reason ?? "", on: request)
        } catch let problems as FormProblems {
            return try await Page(UnmaskedPage(layout: Layout(request, title: "导出完整号码"), query: request.url.query ?? "",
                                               errors: problems.errors).node)
                .encodeResponse(status: .unprocessableEntity, for: request)
        }
    }
}

/// `/api/v1/imports` and the export, in JSON and files.
struct ImportAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let imports = routes.grouped("imports")
        imports.streamUpload(requires: .memberWrite, summary: "上传名册（请求体为 .xlsx 或 .csv 文件），先检查、不写入", query: UploadQuery.self,
                             mediaTypes: [Downloads.xlsxType, "text/csv", "application/octet-stream"], status: .accepted, use: upload)
        imports.api(.GET, ":id", requires: .memberWrite, summary: "导入任务的进度与检查结果", pathValues: ["id": .uuid], use: read)
        imports.api(.POST, ":id", "run", requires: .memberWrite, summary: "写入通过检查的行（全部或全不）", body: ImportPages.RunForm.self,
                    status: .accepted, pathValues: ["id": .uuid], use: run)
        imports.download(":id", "report", requires: .memberWrite, summary: "问题报告（.xlsx，问题写在各行旁）", pathValues: ["id": .uuid],
                         produces: [Downloads.xlsxType], use: report)
        routes.download("members", "export", requires: .memberRead, summary: "导出名册（号码遮蔽）", query: ExportQuery.self,
                        produces: [Downloads.xlsxType, "text/csv"], use: export)
        routes.download("members", "export", method: .POST, requires: .memberReveal, summary: "导出含完整号码的名册（须说明理由，留审计）",
                        query: MemberFilter.self, body: ExportRequest.self, produces: [Downloads.xlsxType, "text/csv"], use: exportUnmasked)
    }

    struct UploadQuery: Content, APISchemaHints {
        var name: String?
        var organizationID: Int?
        var mode: String?
        static var schemaHints: [String: Schema] {
            ["organizationID": .integer(minimum: 1), "mode": .strings(ImportJobModel.Mode.allCases.map(\.rawValue))]
        }
    }

    /// The member list's filter and the file format.
    struct ExportQuery: Decodable, Sendable {
        var filter: MemberFilter
        var format: String?

        enum CodingKeys: String, CodingKey { case format }

        init(from decoder: any Decoder) throws {
            format = try decoder.container(keyedBy: CodingKeys.self).decodeIfPresent(String.self, forKey: .format)
            filter = try MemberFilter(from: decoder)
        }
    }

    @Sendable func upload(_ request: Request, _ query: UploadQuery) async throws -> ImportJobView {
        try await ImportPages.upload(request, name: query.name, organizationID: query.organizationID, mode: query.mode)
    }

    @Sendable func read(_ request: Request) async throws -> ImportJobView {
        ImportJobs.view(try await ImportJobs.find(request), request.services)
    }

    @Sendable func run(_ request: Request, _ form: ImportPages.RunForm) async throws -> ImportJobView {
        let job = try await ImportJobs.find(request)
        guard let mode = ImportJobModel.Mode(rawValue: form.mode ?? "skip") else {
            throw FormProblems(field: "mode", "mode 只能是 skip（跳过已在册）或 update（更新已在册）")
        }
        try await ImportJobs.run(request, job: job, mode: mode)
        return ImportJobs.view(job, request.services)
    }

    @Sendable func report(_ request: Request) async throws -> Response {
        try await ImportPages.reportResponse(try await ImportJobs.find(request), on: request)
    }

    @Sendable func export(_ request: Request, _ query: ExportQuery) async throws -> Response {
        try await MemberExport.respond(query.filter, format: query.format, reason: nil, on: request)
    }

    @Sendable func exportUnmasked(_ request: Request, _ filter: MemberFilter, _ body: ExportRequest) async throws -> Response {
        try await MemberExport.respond(filter, format: body.format, reason: body.reason ?? "", on: request)
    }
}
