import Foundation

extension Array {
    func chunked(into size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}

extension Array where Element: Sendable {
    /// `transform` of every element, in order, the array cut into one part per core — when each part would still have
    /// `minimumPerPart` elements, since a task costs more than a few cheap elements.
    func mapOnEveryCore<T: Sendable>(minimumPerPart: Int = 250, _ transform: @escaping @Sendable (Element) throws -> T) async throws -> [T] {
        let parts = Swift.max(1, Swift.min(ProcessInfo.processInfo.activeProcessorCount, count / Swift.max(minimumPerPart, 1)))
        guard parts > 1 else { return try map(transform) }
        let size = (count + parts - 1) / parts
        return try await withThrowingTaskGroup(of: (Int, [T]).self) { group in
            for (part, slice) in chunked(into: size).enumerated() {
                let elements = Array(slice)
                group.addTask { (part, try elements.map(transform)) }
            }
            var pieces = [[T]](repeating: [], count: parts)
            for try await (part, done) in group { pieces[part] = done }
            return pieces.flatMap { $0 }
        }
    }
}
