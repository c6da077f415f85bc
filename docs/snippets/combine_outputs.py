from losskit import combine_losses

# one loss per output of a three-headed network
losses = {"age": 0.8, "income": 2.4, "gender": 0.3}

print(combine_losses(losses))  # the article: the plain average
print(combine_losses(losses, reduction="sum"))  # Keras default: the plain sum
weights = {"age": 0.5, "income": 0.25, "gender": 10.0}  # Keras loss_weights
print(combine_losses(losses, weights, reduction="sum"))  # Σ w·L
print(combine_losses(losses, weights))  # Σ w·L / Σ w
third = {name: 1 / 3 for name in losses}
print(combine_losses(losses, third, reduction="sum"))  # the sum with weights 1/n = the average
