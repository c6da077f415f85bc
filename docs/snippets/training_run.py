from threadpoolctl import threadpool_limits
from training_demo import train

# Small matrices: extra BLAS threads would only add overhead.
with threadpool_limits(limits=1):
    history, train_accuracy, test_accuracy = train()

for step, train_loss, test_loss in history[::50]:
    print(f"{step:4d}  {train_loss:.4f}  {test_loss:.4f}")
print(f"{train_accuracy:.4f}  {test_accuracy:.4f}")
