import Foundation

/// Where the interface strings (`Resources/Locales`) and the public files (`Public/`: CSS, JavaScript, icons) are: the
/// directory `DANGJIAN_RESOURCES_DIR` names, else the one the binary is installed in, else the working directory (a
/// checkout, `swift run`). Checked at start: a binary started from anywhere finds them or says where it looked.
enum ResourceLocation {
    static let marker = "Resources/Locales/zh-Hans.json"

    static func holds(_ directory: URL) -> Bool {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        return manager.fileExists(atPath: directory.appendingPathComponent(marker).path)
            && manager.fileExists(atPath: directory.appendingPathComponent("Public").path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    static func find(environment: [String: String], executable: URL?, workingDirectory: URL) throws -> URL {
        if let named = environment["DANGJIAN_RESOURCES_DIR"], !named.isEmpty {
            let directory = URL(fileURLWithPath: named, isDirectory: true).standardizedFileURL
            guard holds(directory) else {
                throw AppConfiguration.Problems(messages: ["DANGJIAN_RESOURCES_DIR=\(named) 中没有 \(marker) 和 Public/：应指向安装目录（其中有 Resources 和 Public 两个目录）"])
            }
            return directory
        }
        let candidates = [executable?.deletingLastPathComponent(), workingDirectory].compactMap { $0?.standardizedFileURL }
        if let found = candidates.first(where: holds) { return found }
        throw AppConfiguration.Problems(messages: [
            "找不到界面文件（\(marker) 和 Public/）：已在 " + candidates.map(\.path).joined(separator: "、")
                + " 中查找。请把 Resources 和 Public 两个目录放在 dangjian 程序旁边，或用 DANGJIAN_RESOURCES_DIR 指定它们所在的目录",
        ])
    }

    /// The running binary, symbolic links resolved.
    static var executable: URL? {
        let link = URL(fileURLWithPath: "/proc/self/exe")
        return FileManager.default.fileExists(atPath: link.path) ? link.resolvingSymlinksInPath() : Bundle.main.executableURL
    }
}
