import Foundation

/// Short audio lessons for the demo library, made here rather than copied: a calm sequence of tones in a pentatonic
/// scale as 8 kHz, 8-bit mono WAV, so that playback, seeking (range requests) and "played 90 %" can be tried in any
/// browser without a media file from elsewhere.
public enum DemoAudio {
    public static let sampleRate = 8_000

    /// `seconds` of tones, the melody chosen by `seed`.
    public static func wav(seconds: Int, seed: UInt64) -> [UInt8] {
        let count = max(1, seconds) * sampleRate
        var generator = SeededGenerator(seed: seed)
        // 宫商角徵羽 on C: C D E G A, two octaves.
        let scale: [Double] = [261.63, 293.66, 329.63, 392.00, 440.00, 523.25, 587.33, 659.25]
        let noteLength = sampleRate / 2
        var samples = [UInt8](repeating: 128, count: count)
        var frequency = scale[0]
        for index in 0..<count {
            let position = index % noteLength
            if position == 0 { frequency = scale[Int(generator.next() % UInt64(scale.count))] }
            // A soft attack and decay in each half-second note, so that it does not click.
            let envelope = min(1, Double(position) / 400) * max(0, 1 - Double(position) / Double(noteLength))
            let value = sin(2 * Double.pi * frequency * Double(index) / Double(sampleRate)) * envelope * 60
            samples[index] = UInt8(clamping: 128 + Int(value.rounded()))
        }
        func little(_ value: Int, _ bytes: Int) -> [UInt8] { (0..<bytes).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) } }
        var file = Array("RIFF".utf8) + little(36 + count, 4) + Array("WAVE".utf8)
        file += Array("fmt ".utf8) + little(16, 4) + little(1, 2) + little(1, 2) + little(sampleRate, 4) + little(sampleRate, 4)
            + little(1, 2) + little(8, 2)
        file += Array("data".utf8) + little(count, 4) + samples
        return file
    }
}
