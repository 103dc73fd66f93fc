"""What a notice says, as typed data: the models templates receive and the pure functions that build them
from the rows a notice is about."""
