import DangjianCore
import Testing

@Suite("Multipart bodies the framework's parser would stop on")
struct MultipartNamesTests {
    func body(_ text: String, then bytes: [UInt8] = [], _ rest: String = "") -> [UInt8] { Array(text.utf8) + bytes + Array(rest.utf8) }

    @Test("a byte outside ASCII in a header name is found, in the first part or a later one; in values and data it is not")
    func names() {
        let boundary = "xYz"
        let ordinary = body("--xYz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"题库.xlsx\"\r\n\r\n\u{4E2D}文\r\n--xYz--\r\n")
        #expect(!MultipartNames.hasNonASCIIName(in: ordinary, boundary: boundary))
        #expect(MultipartNames.hasNonASCIIName(in: body("--xYz\r\n", then: [0xE4, 0xB8], ": x\r\n\r\nbody\r\n--xYz--"), boundary: boundary))
        #expect(MultipartNames.hasNonASCIIName(in: body("--xYz\r\nContent-", then: [0x80], "Type: x\r\n\r\n"), boundary: boundary))
        // The second part's second header.
        let later = body("--xYz\r\nA: 1\r\n\r\ndata\r\n--xYz\r\nB: 2\r\n", then: [0xFF], ": 3\r\n\r\nmore\r\n--xYz--\r\n")
        #expect(MultipartNames.hasNonASCIIName(in: later, boundary: boundary))
        // After the closing delimiter the parser reads nothing; before the first one it only looks for the delimiter.
        #expect(!MultipartNames.hasNonASCIIName(in: body("--xYz\r\nA: 1\r\n\r\nd\r\n--xYz--\r\n", then: [0xE4], ": 1\r\n"), boundary: boundary))
        #expect(!MultipartNames.hasNonASCIIName(in: body("", then: [0xE4, 0x80], "\r\n--xYz\r\nA: 1\r\n\r\nd\r\n--xYz--"), boundary: boundary))
        // A delimiter the parser does not see as one (inside a part, without its CR LF) starts no headers.
        #expect(!MultipartNames.hasNonASCIIName(in: body("--xYz\r\nA: 1\r\n\r\nd --xYz\r\n", then: [0xE4], ": 1\r\n\r\n--xYz--"), boundary: boundary))
        // Where the parser gives up first (a missing LF), it never reaches the byte.
        #expect(!MultipartNames.hasNonASCIIName(in: body("--xYz\rA: 1\r\n", then: [0xE4], ": 1\r\n"), boundary: boundary))
        // A partial delimiter that restarts on a CR, as the parser's matching does.
        #expect(MultipartNames.hasNonASCIIName(in: body("--xYz\r\nA: 1\r\n\r\nd\r\n--x\r\n--xYz\r\n", then: [0xC3], ": 1\r\n\r\n"), boundary: boundary))
    }
}
