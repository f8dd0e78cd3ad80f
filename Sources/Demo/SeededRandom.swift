import Foundation

/// SplitMix64: a small, fast generator whose sequence depends only on its seed, so `demo seed --seed N`
/// makes the same data on every machine (Swift's own generator is seeded randomly per process).
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A version 4 UUID, as gen_random_uuid() makes, from the next 128 bits.
    public mutating func uuid() -> UUID {
        var bytes = (next(), next())
        bytes.0 = (bytes.0 & 0xFFFF_FFFF_FFFF_0FFF) | 0x4000
        bytes.1 = (bytes.1 & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000
        return withUnsafeBytes(of: (bytes.0.bigEndian, bytes.1.bigEndian)) { raw in
            UUID(uuid: raw.load(as: uuid_t.self))
        }
    }

    /// True with the given chance in percent.
    public mutating func chance(_ percent: Int) -> Bool {
        Int.random(in: 0..<100, using: &self) < percent
    }
}
