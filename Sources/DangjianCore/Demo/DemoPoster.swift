import Foundation

/// The demo library's course posters, drawn here as palette pixels (16:9): a background in the course's colour that
/// darkens towards the bottom, a gold five-pointed star, and light bars where a title would sit. Written as PNG by
/// `PNGWriter`; a county replaces them with its own pictures.
public enum DemoPoster {
    public static let width = 480
    public static let height = 270

    /// Background colours, one per course in turn.
    static let backgrounds: [(UInt8, UInt8, UInt8)] = [(178, 34, 34), (153, 27, 30), (196, 60, 40), (120, 30, 40), (170, 50, 70), (140, 40, 30)]
    static let shades = 6

    public struct Picture: Sendable {
        public let width: Int
        public let height: Int
        public let palette: [(UInt8, UInt8, UInt8)]
        public let pixels: [UInt8]
    }

    public static func draw(_ index: Int) -> Picture {
        let base = backgrounds[abs(index) % backgrounds.count]
        // Palette: the background in `shades` steps, then gold, then the light bars.
        var palette: [(UInt8, UInt8, UInt8)] = (0..<shades).map { step in
            let factor = 1.0 - Double(step) * 0.07
            return (UInt8(Double(base.0) * factor), UInt8(Double(base.1) * factor), UInt8(Double(base.2) * factor))
        }
        let gold = UInt8(palette.count)
        palette.append((250, 204, 21))
        let light = UInt8(palette.count)
        palette.append((255, 236, 200))
        let star = starPolygon(centerX: 120, centerY: 135, outer: 78, inner: 31)
        // Title bars: a long one, a shorter one, then one whose length depends on the course.
        let bars = [(x: 240, y: 100, w: 200, h: 22), (x: 240, y: 138, w: 150, h: 14), (x: 240, y: 164, w: 80 + abs(index) * 17 % 90, h: 14)]
        var pixels = [UInt8](repeating: 0, count: width * height)
        for y in 0..<height {
            let shade = UInt8(min(shades - 1, y * shades / height))
            for x in 0..<width {
                var colour = shade
                if bars.contains(where: { x >= $0.x && x < $0.x + $0.w && y >= $0.y && y < $0.y + $0.h }) {
                    colour = light
                } else if contains(star, x: Double(x) + 0.5, y: Double(y) + 0.5) {
                    colour = gold
                }
                pixels[y * width + x] = colour
            }
        }
        return Picture(width: width, height: height, palette: palette, pixels: pixels)
    }

    /// The ten corners of a five-pointed star, one point straight up.
    static func starPolygon(centerX: Double, centerY: Double, outer: Double, inner: Double) -> [(Double, Double)] {
        (0..<10).map { corner in
            let radius = corner % 2 == 0 ? outer : inner
            let angle = -Double.pi / 2 + Double(corner) * Double.pi / 5
            return (centerX + radius * cos(angle), centerY + radius * sin(angle))
        }
    }

    /// Even-odd rule: inside when a ray to the right crosses the outline an odd number of times.
    static func contains(_ polygon: [(Double, Double)], x: Double, y: Double) -> Bool {
        var inside = false
        var previous = polygon[polygon.count - 1]
        for point in polygon {
            if (point.1 > y) != (previous.1 > y) {
                let crossing = (previous.0 - point.0) * (y - point.1) / (previous.1 - point.1) + point.0
                if x < crossing { inside.toggle() }
            }
            previous = point
        }
        return inside
    }
}
