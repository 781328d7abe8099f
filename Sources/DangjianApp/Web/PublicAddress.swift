import Foundation
import Vapor

/// Addresses printed into QR codes: on the host the browser reached, so that phones on the same network reach it too.
enum PublicAddress {
    /// `http://host:port/path`, or the path alone when the request names no usable host.
    static func absolute(_ path: String, on request: Request) -> String {
        guard let host = request.headers.first(name: .host), !host.isEmpty, host.count <= 255,
              host.unicodeScalars.allSatisfy({ $0.isASCII && (CharacterSet.alphanumerics.contains($0) || ".-:[]".unicodeScalars.contains($0)) })
        else { return path }
        return (request.services.configuration.secureCookies ? "https://" : "http://") + host + path
    }
}
