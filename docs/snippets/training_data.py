import numpy as np
from sklearn.datasets import load_digits

# Bundled with scikit-learn: nothing is downloaded.
X, labels = load_digits(return_X_y=True)
print(X.shape, labels.shape)
print(X.min(), X.max())  # grey levels of the 8 x 8 pixels
print(np.bincount(labels))  # images per class 0..9
print(labels[0])  # the first image shows this digit ...
print(X[0].reshape(8, 8).astype(int))  # ... with these grey levels
