from losskit import combine_losses

losses = [0.8, 0.2]  # e.g. a main output's loss and an auxiliary output's loss

print(combine_losses(losses))  # the article: average, (0.8 + 0.2) / 2
print(combine_losses(losses, reduction="sum"))  # Keras without loss_weights: plain sum
print(combine_losses(losses, weights=[1.0, 0.5], reduction="sum"))  # Keras loss_weights
print(combine_losses(losses, weights=[0.5, 0.5], reduction="sum"))  # average = weights 1/n
