// The layer of the DocC article "Writing a layer", compiled and gradient-checked, so the article stays true.

import Testing
import NeuralKit

/// y[i, j] = x[i, j] · s[j]; input and output (batch, width); parameter `weight` (width), init 1.
final class Scale: Module {
    let weight: Parameter
    init(_ width: Int) { weight = Parameter(name: "weight", value: Tensor(repeating: 1, shape: [width])) }

    var parameters: [Parameter] { [weight] }

    func outputShape(for shape: [Int]) throws -> [Int] {
        guard shape.count == 2, shape[1] == weight.value.count else {
            throw NeuralKitError.shape("\(self): expected input (batch, \(weight.value.count)), got \(describeShape(shape))")
        }
        return shape
    }

    func forward(_ x: Tensor) throws -> Tensor {
        _ = try outputShape(for: x.shape)
        let w = x.rowSize
        return Tensor(shape: x.shape, scalars: x.scalars.indices.map { x.scalars[$0] * weight.value.scalars[$0 % w] })
    }

    func backwardUpdateGradient(input x: Tensor, delta d: Tensor) throws {  // ∂L/∂s[j] += Σᵢ d[i, j]·x[i, j]
        let w = x.rowSize
        for k in x.scalars.indices { weight.gradient.scalars[k % w] += d.scalars[k] * x.scalars[k] }
    }

    func backwardDelta(input x: Tensor, delta d: Tensor) throws -> Tensor {  // ∂L/∂x[i, j] = d[i, j]·s[j]
        let w = x.rowSize
        return Tensor(shape: x.shape, scalars: d.scalars.indices.map { d.scalars[$0] * weight.value.scalars[$0 % w] })
    }

    var description: String { "Scale(\(weight.value.count))" }
}

@Suite struct WritingALayerArticleTests {
    @Test func articleLayerPassesTheGradientCheck() throws {
        var rng = RandomGenerator(seed: 0)
        let layer = Scale(3)
        layer.weight.value = .normal([3], using: &rng)
        let result = try GradientCheck.check(layer, input: .normal([4, 3], using: &rng))
        #expect(result.passed, "\(result)")
        #expect(result.entries.map(\.name) == ["input", "weight"])
    }
}
