from losskit import combine_losses

losses = [0.8, 0.2]  # e.g. a main output's loss and an auxiliary one

print(combine_losses(losses))  # the article: the average
print(combine_losses(losses, reduction="sum"))  # Keras: a plain sum
# Keras with loss_weights=[1.0, 0.5]: a weighted sum
print(combine_losses(losses, weights=[1.0, 0.5], reduction="sum"))
# the average is the sum with weights 1/n
print(combine_losses(losses, weights=[0.5, 0.5], reduction="sum"))
