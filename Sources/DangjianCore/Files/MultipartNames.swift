/// A guard in front of the multipart parser the web framework uses (MultipartKit 4.7.1): it looks each byte of a part's
/// header name up in a table of 128 entries, so a byte of 0x80 or above where it reads a name stops the whole process
/// (found by fuzzing: `scripts/fuzz-api`, seed 2, `POST /api/v1/learning/questions/import`). This walks a body the
/// way that parser does — the same states, the same boundary matching — and answers whether the parser would meet
/// such a byte in a header name before it finished or gave up. Header values (a file name in Chinese) are not names.
public enum MultipartNames {
    private enum State {
        case preamble(Int)
        case crlf(expectingLF: Bool)
        case name(empty: Bool)
        case value
        case valueEnd
        case headersEnd
        case body
        case boundary(Int)
    }

    /// Whether the parser would read a byte outside ASCII as part of a header name in `body` delimited by `boundary`.
    public static func hasNonASCIIName<Bytes: Sequence<UInt8>>(in body: Bytes, boundary: String) -> Bool {
        let delimiter = Array("\r\n--\(boundary)".utf8)
        let length = delimiter.count
        var state = State.preamble(0)
        var iterator = body.makeIterator()
        var pending: UInt8?
        while let byte = pending ?? iterator.next() {
            pending = nil
            switch state {
            case .preamble(let matched):
                let next: Int
                if matched == 0 && byte == delimiter[2] {
                    next = 3
                } else if byte == delimiter[matched] {
                    next = matched + 1
                } else if matched > 0 && byte == delimiter[0] {
                    next = 1
                } else {
                    next = 0
                }
                state = next >= length ? .crlf(expectingLF: false) : .preamble(next)
            case .crlf(let expectingLF):
                if !expectingLF && byte == 13 {
                    state = .crlf(expectingLF: true)
                } else if expectingLF && byte == 10 {
                    state = .name(empty: true)
                } else {
                    return false
                }
            case .name(let empty):
                if byte == 58 && !empty {
                    state = .value
                } else if byte == 13 && empty {
                    state = .headersEnd
                } else if byte >= 0x80 {
                    return true
                } else {
                    // The parser gives up on some of these (a space, a bracket); reading on can only refuse more.
                    state = .name(empty: false)
                }
            case .value:
                if byte == 13 { state = .valueEnd }
            case .valueEnd:
                guard byte == 10 else { return false }
                state = .name(empty: true)
            case .headersEnd:
                guard byte == 10 else { return false }
                state = .body
            case .body:
                if byte == delimiter[0] {
                    state = .boundary(0)
                    pending = byte
                }
            case .boundary(let matched):
                if matched >= length {
                    if byte == 13 {
                        state = .crlf(expectingLF: true)
                    } else {
                        return false
                    }
                } else if byte == delimiter[matched] {
                    state = .boundary(matched + 1)
                } else if byte == delimiter[0] {
                    state = .boundary(1)
                } else {
                    state = .body
                }
            }
        }
        return false
    }
}
