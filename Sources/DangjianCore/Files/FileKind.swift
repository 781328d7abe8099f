/// What an uploaded file is, decided by its content (the leading bytes), never by its name or the browser's claim.
/// Only these kinds are kept; anything else — HTML, scripts, executables, a script renamed to .jpg — is refused.
public enum FileKind: String, Sendable, Codable, CaseIterable {
    case jpeg, png, gif, webp, pdf, mp4, mov, webm, wav, mp3, m4a, ogg

    public var contentType: String {
        switch self {
        case .jpeg: "image/jpeg"
        case .png: "image/png"
        case .gif: "image/gif"
        case .webp: "image/webp"
        case .pdf: "application/pdf"
        case .mp4: "video/mp4"
        case .mov: "video/quicktime"
        case .webm: "video/webm"
        case .wav: "audio/wav"
        case .mp3: "audio/mpeg"
        case .m4a: "audio/mp4"
        case .ogg: "audio/ogg"
        }
    }

    public var fileExtension: String {
        switch self {
        case .jpeg: "jpg"
        default: rawValue
        }
    }

    public var isImage: Bool { [.jpeg, .png, .gif, .webp].contains(self) }
    public var isVideo: Bool { [.mp4, .mov, .webm].contains(self) }
    public var isAudio: Bool { [.wav, .mp3, .m4a, .ogg].contains(self) }

    public var chinese: String {
        if isImage { return "图片" }
        if isVideo { return "视频" }
        if isAudio { return "音频" }
        return "PDF 文件"
    }

    /// The kind whose signature starts `bytes` (at least the first 16 bytes of the file), or nil.
    public static func sniff<Bytes: Collection>(_ bytes: Bytes) -> FileKind? where Bytes.Element == UInt8 {
        let head = Array(bytes.prefix(16))
        func starts(_ signature: [UInt8], at offset: Int = 0) -> Bool {
            head.count >= offset + signature.count && Array(head[offset..<(offset + signature.count)]) == signature
        }
        if starts([0xFF, 0xD8, 0xFF]) { return .jpeg }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if starts(Array("GIF87a".utf8)) || starts(Array("GIF89a".utf8)) { return .gif }
        if starts(Array("RIFF".utf8)) && starts(Array("WEBP".utf8), at: 8) { return .webp }
        if starts(Array("%PDF-".utf8)) { return .pdf }
        if starts([0x1A, 0x45, 0xDF, 0xA3]) { return .webm }
        if starts(Array("RIFF".utf8)) && starts(Array("WAVE".utf8), at: 8) { return .wav }
        if starts(Array("OggS".utf8)) { return .ogg }
        if starts(Array("ID3".utf8)) || (head.count >= 2 && head[0] == 0xFF && head[1] & 0xE0 == 0xE0) { return .mp3 }
        if starts(Array("ftyp".utf8), at: 4) {
            if starts(Array("qt  ".utf8), at: 8) { return .mov }
            return starts(Array("M4A ".utf8), at: 8) ? .m4a : .mp4
        }
        return nil
    }

    /// Kinds accepted as scans or photos of documents.
    public static let documents: Set<FileKind> = [.jpeg, .png, .gif, .webp, .pdf]
    /// Kinds accepted as activity records (photos and video).
    public static let media: Set<FileKind> = [.jpeg, .png, .gif, .webp, .mp4, .mov, .webm]
    /// What a lesson plays or shows: video, audio and PDF.
    public static let lessonMedia: Set<FileKind> = [.mp4, .webm, .mov, .wav, .mp3, .m4a, .ogg, .pdf]
    /// Photos only (a resident's request).
    public static let images: Set<FileKind> = [.jpeg, .png, .gif, .webp]
}
