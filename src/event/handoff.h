#pragma once

// EventHandoff: where the HTTP stage offers accepted events; implemented by the mapper pool.
// Thread-safe and never blocks: a full queue refuses the event and the caller counts the drop.

#include <memory>

#include "event/event.h"

namespace divolte::event {

enum class OfferResult { kAccepted, kQueueFull };

class EventHandoff {
 public:
  virtual ~EventHandoff() = default;
  // Takes ownership on success; on kQueueFull the event is destroyed.
  virtual OfferResult Offer(std::unique_ptr<Event> event) = 0;
  // The admission test of back-pressure (protocol.md §8.6): as Offer, but the event is also
  // refused when a queue of a sink it would reach (for its affinity) is full. Best effort: a sink
  // queue may still fill before the event gets there.
  virtual OfferResult OfferIfRoomDownstream(std::unique_ptr<Event> event) = 0;
};

}  // namespace divolte::event
