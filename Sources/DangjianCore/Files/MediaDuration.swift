/// The length of a stored audio or video file, read from its own header, so that "played 90 %" is measured against
/// the real length rather than one the uploader typed. Formats whose length cannot be read cheaply answer nil and the
/// uploader gives it.
public enum MediaDuration {
    /// `read(offset, count)` returns up to `count` bytes from `offset` (fewer at the end of the file).
    /// A header may claim anything; a lesson longer than a day is not one, and the uploader gives its length instead.
    public static let longest: Double = 86_400

    public static func seconds(kind: FileKind, size: Int64, read: (Int64, Int) throws -> [UInt8]) rethrows -> Double? {
        let seconds: Double? = switch kind {
        case .wav: try wav(size: size, read: read)
        case .mp4, .m4a, .mov: try mp4(size: size, read: read)
        default: nil
        }
        return seconds.flatMap { $0.isFinite && $0 > 0 && $0 <= longest ? $0 : nil }
    }

    static func integer(_ bytes: [UInt8], at offset: Int, count: Int, littleEndian: Bool) -> UInt64? {
        guard offset >= 0, count > 0, offset + count <= bytes.count else { return nil }
        let slice = bytes[offset..<(offset + count)]
        return (littleEndian ? Array(slice.reversed()) : Array(slice)).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
    }

    /// RIFF/WAVE: the `fmt ` chunk's byte rate and the `data` chunk's size.
    static func wav(size: Int64, read: (Int64, Int) throws -> [UInt8]) rethrows -> Double? {
        var offset: Int64 = 12
        var byteRate: UInt64?
        for _ in 0..<64 {
            let header = try read(offset, 16)
            guard header.count >= 8, let length = integer(header, at: 4, count: 4, littleEndian: true) else { return nil }
            let name = String(decoding: header[0..<4], as: UTF8.self)
            if name == "fmt " {
                let format = try read(offset + 8, 16)
                byteRate = integer(format, at: 8, count: 4, littleEndian: true)
            }
            if name == "data" {
                guard let rate = byteRate, rate > 0 else { return nil }
                let available = UInt64(max(0, size - offset - 8))
                return Double(min(length, available)) / Double(rate)
            }
            offset += 8 + Int64(length) + Int64(length % 2)
            guard offset < size else { return nil }
        }
        return nil
    }

    /// ISO base media (MP4, M4A, MOV): the movie header (`moov` → `mvhd`) gives a timescale and a duration; `moov`
    /// may sit at the start or the end of the file.
    static func mp4(size: Int64, read: (Int64, Int) throws -> [UInt8]) rethrows -> Double? {
        var offset: Int64 = 0
        for _ in 0..<1024 {
            let header = try read(offset, 16)
            guard header.count >= 8, var length = integer(header, at: 0, count: 4, littleEndian: false).map(Int64.init) else { return nil }
            var headerLength: Int64 = 8
            if length == 1, let large = integer(header, at: 8, count: 8, littleEndian: false) {
                length = Int64(clamping: large)
                headerLength = 16
            } else if length == 0 {
                length = size - offset
            }
            // A box cannot run past the end of the file (nor make the offset overflow).
            guard length >= headerLength, length <= size - offset else { return nil }
            if String(decoding: header[4..<8], as: UTF8.self) == "moov" {
                var inner = offset + headerLength
                let end = offset + length
                while inner + 8 <= end {
                    let box = try read(inner, 32)
                    guard box.count >= 8, let boxLength = integer(box, at: 0, count: 4, littleEndian: false), boxLength >= 8 else { return nil }
                    if String(decoding: box[4..<8], as: UTF8.self) == "mvhd" {
                        let version = box.count > 8 ? box[8] : 0
                        let (scaleAt, durationAt, durationLength) = version == 1 ? (28, 32, 8) : (20, 24, 4)
                        let body = try read(inner, durationAt + durationLength)
                        guard let scale = integer(body, at: scaleAt, count: 4, littleEndian: false), scale > 0,
                              let duration = integer(body, at: durationAt, count: durationLength, littleEndian: false) else { return nil }
                        return Double(duration) / Double(scale)
                    }
                    inner += Int64(boxLength)
                }
                return nil
            }
            offset += length
            guard offset < size else { return nil }
        }
        return nil
    }
}
