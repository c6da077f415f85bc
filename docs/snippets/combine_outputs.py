from losskit import combine_losses

# one loss per output of a network with three heads
losses = {"age": 9.5, "income": 1.2, "gender": 0.3}

print(combine_losses(losses))  # the article: the plain average
print(combine_losses(losses, reduction="sum"))  # Keras: the plain sum
weights = {"age": 0.25, "income": 1.0, "gender": 10.0}  # Keras loss_weights
print(combine_losses(losses, weights, reduction="sum"))  # Σ w·L
print(combine_losses(losses, weights))  # Σ w·L / Σ w
n = len(losses)
equal = {name: 1 / n for name in losses}
print(combine_losses(losses, equal, reduction="sum"))  # weights 1/n
print(sum(w * losses[name] for name, w in weights.items()))  # Σ w·L by hand
