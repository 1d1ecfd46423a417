def dueling(x):
    value, advantage = x
    return value + (advantage - K.mean(advantage, axis=1, keepdims=True))